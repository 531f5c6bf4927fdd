/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-config.h"

#include "ns3/fatal-error.h"

#include <cstdio>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace ns3
{
namespace lpwa
{

namespace
{

/// Parse every certificate of a PEM text; returns how many, -1 on a parse error.
int
CountCertificates(const std::string& pem, X509** first)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
        &BIO_free);
    int count = 0;
    while (true)
    {
        X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (cert == nullptr)
        {
            break;
        }
        if (count == 0 && first != nullptr)
        {
            *first = cert;
        }
        else
        {
            X509_free(cert);
        }
        ++count;
    }
    unsigned long err = ERR_peek_last_error();
    bool onlyEndOfData =
        err == 0 || (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE);
    ERR_clear_error();
    if (!onlyEndOfData)
    {
        return -1;
    }
    return count;
}

bool
IsDtls(TlsConfig::Version v)
{
    return v == TlsConfig::Version::DTLS_1_0 || v == TlsConfig::Version::DTLS_1_2;
}

} // namespace

std::string
TlsConfig::Validate() const
{
    for (Version v : {minVersion, maxVersion})
    {
        if (v == Version::DEFAULT)
        {
            continue;
        }
        if (datagram && !IsDtls(v))
        {
            return std::string("version ") + ToString(v) + " is not a DTLS version (datagram)";
        }
        if (!datagram && IsDtls(v))
        {
            return std::string("version ") + ToString(v) + " needs datagram=true";
        }
    }
    if (minVersion != Version::DEFAULT && maxVersion != Version::DEFAULT &&
        static_cast<int>(minVersion) > static_cast<int>(maxVersion))
    {
        return std::string("minVersion ") + ToString(minVersion) + " is above maxVersion " +
               ToString(maxVersion);
    }
    if (!caPem.empty())
    {
        int n = CountCertificates(caPem, nullptr);
        if (n <= 0)
        {
            return "caPem: no valid PEM certificate";
        }
    }
    if (certChainPem.empty() != keyPem.empty())
    {
        return "certChainPem and keyPem must be given together";
    }
    if (!certChainPem.empty())
    {
        X509* leaf = nullptr;
        int n = CountCertificates(certChainPem, &leaf);
        if (n <= 0)
        {
            if (leaf != nullptr)
            {
                X509_free(leaf);
            }
            return "certChainPem: no valid PEM certificate";
        }
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(
            BIO_new_mem_buf(keyPem.data(), static_cast<int>(keyPem.size())),
            &BIO_free);
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
        ERR_clear_error();
        if (key == nullptr)
        {
            X509_free(leaf);
            return "keyPem: not a valid PEM private key";
        }
        int match = X509_check_private_key(leaf, key);
        ERR_clear_error();
        EVP_PKEY_free(key);
        X509_free(leaf);
        if (match != 1)
        {
            return "keyPem does not match the certificate of certChainPem";
        }
    }
    bool hasPsk = !pskIdentity.empty() || !pskKeys.empty();
    if (role == Role::SERVER && certChainPem.empty() && !hasPsk)
    {
        return "a server needs certChainPem/keyPem or pskKeys";
    }
    if (role == Role::CLIENT && (verify == Verify::REQUEST || verify == Verify::REQUIRE_PEER_CERT))
    {
        return "verify REQUEST/REQUIRE_PEER_CERT are server modes";
    }
    if (role == Role::CLIENT && !pskIdentity.empty() && pskKey.empty())
    {
        return "pskIdentity '" + pskIdentity + "' without pskKey";
    }
    if (role == Role::CLIENT && pskKey.size() > 256)
    {
        return "pskKey longer than 256 bytes";
    }
    for (const auto& [identity, key] : pskKeys)
    {
        if (key.empty() || key.size() > 256)
        {
            return "pskKeys['" + identity + "']: key must be 1..256 bytes";
        }
    }
    if (verify != Verify::NONE)
    {
        if (caPem.empty())
        {
            return "verify needs caPem (trusted CA certificates)";
        }
        if (!ignoreValidityTime && !timeSource)
        {
            return "verify needs timeSource (simulated Unix time) or ignoreValidityTime";
        }
    }
    return "";
}

std::string
TlsConfig::GetSecurityDigest() const
{
    // Each field is written with its length, so that no two settings give the same text.
    std::string text;
    auto add = [&text](const std::string& field)
    {
        text += std::to_string(field.size());
        text += ':';
        text += field;
    };
    add(std::to_string(datagram));
    add(std::to_string(static_cast<int>(minVersion)));
    add(std::to_string(static_cast<int>(maxVersion)));
    add(std::to_string(cipherList.size()));
    for (const auto& suite : cipherList)
    {
        add(suite);
    }
    add(tls13Suites);
    add(std::to_string(securityLevelZero));
    add(std::to_string(static_cast<int>(verify)));
    add(caPem);
    add(certChainPem);
    add(keyPem);
    add(sniHostName);
    add(checkHost);
    add(std::to_string(ignoreValidityTime));
    add(pskIdentity);
    add(std::string(pskKey.begin(), pskKey.end()));
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), md, &length, EVP_sha256(), nullptr);
    std::string hex;
    char two[3];
    for (unsigned int i = 0; i < length; ++i)
    {
        std::snprintf(two, sizeof(two), "%02x", md[i]);
        hex += two;
    }
    return hex;
}

std::vector<uint8_t>
TlsConfig::HexToBytes(const std::string& hex)
{
    if (hex.size() % 2 != 0)
    {
        NS_FATAL_ERROR("TlsConfig::HexToBytes: hex '" << hex << "' has an odd length");
    }
    std::vector<uint8_t> out;
    out.reserve(hex.size() / 2);
    auto nibble = [&hex](char c) -> int
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        NS_FATAL_ERROR("TlsConfig::HexToBytes: hex '" << hex << "' has the non-hex character '" << c
                                                      << "'");
        return 0;
    };
    for (size_t i = 0; i < hex.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    }
    return out;
}

const char*
TlsConfig::ToString(Version version)
{
    switch (version)
    {
        case Version::DEFAULT:
            return "DEFAULT";
        case Version::SSL_3_0:
            return "SSL_3_0";
        case Version::TLS_1_0:
            return "TLS_1_0";
        case Version::TLS_1_1:
            return "TLS_1_1";
        case Version::TLS_1_2:
            return "TLS_1_2";
        case Version::TLS_1_3:
            return "TLS_1_3";
        case Version::DTLS_1_0:
            return "DTLS_1_0";
        case Version::DTLS_1_2:
            return "DTLS_1_2";
    }
    return "?";
}

} // namespace lpwa
} // namespace ns3
