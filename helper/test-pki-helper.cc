/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-pki-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/tls-random.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <utility>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTestPkiHelper");

namespace
{

/// Process-wide cache of generated private keys (DER), by (seed, key type, role).
std::map<std::tuple<uint64_t, int, std::string>, std::vector<unsigned char>>&
KeyCache()
{
    static std::map<std::tuple<uint64_t, int, std::string>, std::vector<unsigned char>> cache;
    return cache;
}

/// FNV-1a hash of a string.
uint64_t
Fnv1a(const std::string& text)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text)
    {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// Log the OpenSSL error queue and abort.
[[noreturn]] void
OpenSslFatal(const std::string& what)
{
    char buf[256] = {0};
    const unsigned long e = ERR_get_error();
    ERR_error_string_n(e, buf, sizeof(buf));
    NS_FATAL_ERROR("TestPkiHelper: " << what << " failed: " << buf);
}

/// Add one extension given in openssl.cnf syntax.
void
AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value)
{
    X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str());
    if (ext == nullptr || X509_add_ext(cert, ext, -1) != 1)
    {
        X509_EXTENSION_free(ext);
        OpenSslFatal("adding extension " + std::string(OBJ_nid2sn(nid)) + "=" + value);
    }
    X509_EXTENSION_free(ext);
}

/// What a certificate to issue looks like.
struct CertSpec
{
    std::string commonName;                              //!< subject CN
    uint64_t serial{0};                                  //!< serial number
    int64_t notBefore{0};                                //!< validity start (Unix s)
    int64_t notAfter{0};                                 //!< validity end (Unix s)
    std::vector<std::pair<int, std::string>> extensions; //!< extensions after SKI, in order
    bool authorityKeyId{true};                           //!< add AKI from the issuer
};

/// Set an ASN1_TIME from Unix seconds (never the host clock).
void
SetTime(ASN1_TIME* t, int64_t unixSeconds, const char* which)
{
    if (ASN1_TIME_set(t, static_cast<time_t>(unixSeconds)) == nullptr)
    {
        OpenSslFatal(std::string("setting ") + which + "=" + std::to_string(unixSeconds));
    }
}

} // namespace

TestPkiHelper::TestPkiHelper(uint64_t seed)
    : m_seed(seed)
{
    NS_LOG_FUNCTION(this << seed);
    m_caseValidity[EXPIRED] = {1577836800, 1640995199};       // 2020-01-01 .. 2021-12-31
    m_caseValidity[NOT_YET_VALID] = {1956528000, 2114380799}; // 2032-01-01 .. 2036-12-31
}

void
TestPkiHelper::SetHostName(const std::string& hostName)
{
    if (hostName.empty() || hostName == "other.example")
    {
        NS_FATAL_ERROR("TestPkiHelper::SetHostName: hostName=\""
                       << hostName << "\" (must be non-empty and not WRONG_HOST's other.example)");
    }
    m_hostName = hostName;
    DropCertificates();
}

std::string
TestPkiHelper::GetHostName() const
{
    return m_hostName;
}

void
TestPkiHelper::SetValidity(int64_t notBefore, int64_t notAfter)
{
    if (notBefore >= notAfter)
    {
        NS_FATAL_ERROR("TestPkiHelper::SetValidity: notBefore="
                       << notBefore << " must be before notAfter=" << notAfter);
    }
    m_notBefore = notBefore;
    m_notAfter = notAfter;
    DropCertificates();
}

void
TestPkiHelper::SetServerValidity(ServerCase serverCase, int64_t notBefore, int64_t notAfter)
{
    if (serverCase == INCOMPLETE_CHAIN)
    {
        NS_FATAL_ERROR("TestPkiHelper::SetServerValidity: serverCase=INCOMPLETE_CHAIN uses "
                       "VALID's leaf; set VALID instead");
    }
    if (notBefore >= notAfter)
    {
        NS_FATAL_ERROR("TestPkiHelper::SetServerValidity: notBefore="
                       << notBefore << " must be before notAfter=" << notAfter);
    }
    m_caseValidity[serverCase] = {notBefore, notAfter};
    DropCertificates();
}

void
TestPkiHelper::SetClientCount(uint32_t count)
{
    m_clientCount = count;
}

void
TestPkiHelper::DropCertificates()
{
    m_issued.clear();
}

std::string
TestPkiHelper::KeyTypeName(KeyType type)
{
    switch (type)
    {
        case RSA_2048:
            return "rsa";
        case ECDSA_P256:
            return "ecdsa";
    }
    NS_FATAL_ERROR("TestPkiHelper: type=" << static_cast<int>(type) << " is not a KeyType");
}

std::string
TestPkiHelper::ServerCaseName(ServerCase serverCase)
{
    switch (serverCase)
    {
        case VALID:
            return "valid";
        case EXPIRED:
            return "expired";
        case NOT_YET_VALID:
            return "not-yet-valid";
        case WRONG_HOST:
            return "wrong-host";
        case SELF_SIGNED:
            return "self-signed";
        case UNTRUSTED_ROOT:
            return "untrusted-root";
        case INCOMPLETE_CHAIN:
            return "incomplete-chain";
    }
    NS_FATAL_ERROR("TestPkiHelper: serverCase=" << static_cast<int>(serverCase)
                                                << " is not a ServerCase");
}

uint64_t
TestPkiHelper::SourceSeed(KeyType type, const std::string& role, const std::string& purpose) const
{
    uint64_t state = m_seed;
    uint64_t v = TlsRandomSource::SplitMix64(state);
    state = v ^ (static_cast<uint64_t>(type) + 1) * 0x9e3779b97f4a7c15ULL;
    v = TlsRandomSource::SplitMix64(state);
    state = v ^ Fnv1a(role + "/" + purpose);
    return TlsRandomSource::SplitMix64(state);
}

TestPkiHelper::PkeyPtr
TestPkiHelper::GetKey(KeyType type, const std::string& role)
{
    const auto id = std::make_pair(type, role);
    auto kept = m_keys.find(id);
    if (kept != m_keys.end())
    {
        return kept->second;
    }
    const auto cacheKey = std::make_tuple(m_seed, static_cast<int>(type), role);
    auto& cache = KeyCache();
    auto cached = cache.find(cacheKey);
    if (cached == cache.end())
    {
        NS_LOG_DEBUG("generating " << KeyTypeName(type) << " key for " << role << " (seed "
                                   << m_seed << ")");
        EVP_PKEY* generated = nullptr;
        {
            TlsRandom::Scope scope(TlsRandomSource::CreateFromSeed(SourceSeed(type, role, "key")));
            generated = type == RSA_2048 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                                         : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        }
        if (generated == nullptr)
        {
            OpenSslFatal("generating the " + KeyTypeName(type) + " key of " + role);
        }
        unsigned char* der = nullptr;
        const int len = i2d_PrivateKey(generated, &der);
        EVP_PKEY_free(generated);
        if (len <= 0)
        {
            OpenSslFatal("encoding the key of " + role);
        }
        cached = cache.emplace(cacheKey, std::vector<unsigned char>(der, der + len)).first;
        OPENSSL_free(der);
    }
    const unsigned char* p = cached->second.data();
    EVP_PKEY* decoded = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(cached->second.size()));
    if (decoded == nullptr)
    {
        OpenSslFatal("decoding the cached key of " + role);
    }
    PkeyPtr key(decoded, EVP_PKEY_free);
    m_keys[id] = key;
    return key;
}

namespace
{

/// Issue a certificate; issuer null means self-signed.
TestPkiHelper::X509Ptr
IssueCertificate(const CertSpec& spec,
                 const TestPkiHelper::PkeyPtr& key,
                 const TestPkiHelper::X509Ptr& issuer,
                 const TestPkiHelper::PkeyPtr& issuerKey,
                 uint64_t signSeed)
{
    TestPkiHelper::X509Ptr cert(X509_new(), X509_free);
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
        ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), spec.serial) != 1 ||
        X509_set_pubkey(cert.get(), key.get()) != 1)
    {
        OpenSslFatal("creating the certificate of " + spec.commonName);
    }
    SetTime(X509_getm_notBefore(cert.get()), spec.notBefore, "notBefore");
    SetTime(X509_getm_notAfter(cert.get()), spec.notAfter, "notAfter");
    X509_NAME* name = X509_get_subject_name(cert.get());
    const auto* org = reinterpret_cast<const unsigned char*>("lpwa-modem test PKI");
    const auto* cn = reinterpret_cast<const unsigned char*>(spec.commonName.c_str());
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, org, -1, -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer.get()) : name) != 1)
    {
        OpenSslFatal("naming " + spec.commonName);
    }
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer.get() : cert.get(), cert.get(), nullptr, nullptr, 0);
    X509V3_set_ctx_nodb(&ctx);
    AddExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    if (issuer && spec.authorityKeyId)
    {
        AddExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    }
    for (const auto& ext : spec.extensions)
    {
        AddExtension(cert.get(), &ctx, ext.first, ext.second);
    }
    {
        TlsRandom::Scope scope(TlsRandomSource::CreateFromSeed(signSeed));
        if (X509_sign(cert.get(), issuerKey.get(), EVP_sha256()) <= 0)
        {
            OpenSslFatal("signing " + spec.commonName);
        }
    }
    return cert;
}

} // namespace

const TestPkiHelper::Issued&
TestPkiHelper::GetCa(KeyType type, const std::string& role)
{
    const auto id = std::make_pair(type, role);
    auto it = m_issued.find(id);
    if (it != m_issued.end())
    {
        return it->second;
    }
    const std::string typeName = type == RSA_2048 ? "RSA" : "ECDSA";
    CertSpec spec;
    spec.notBefore = m_notBefore;
    spec.notAfter = m_notAfter;
    spec.extensions.emplace_back(NID_key_usage, "critical,keyCertSign,cRLSign");
    Issued issued;
    issued.key = GetKey(type, role);
    if (role == "root" || role == "untrusted-root")
    {
        spec.commonName =
            (role == "root" ? "LPWA Test Root CA " : "LPWA Untrusted Root CA ") + typeName;
        spec.serial = role == "root" ? 1 : 3;
        spec.extensions.insert(spec.extensions.begin(),
                               std::make_pair(NID_basic_constraints, "critical,CA:TRUE"));
        issued.cert =
            IssueCertificate(spec, issued.key, nullptr, issued.key, SourceSeed(type, role, "sign"));
    }
    else if (role == "intermediate" || role == "untrusted-intermediate")
    {
        const bool trusted = role == "intermediate";
        spec.commonName =
            (trusted ? "LPWA Test Intermediate CA " : "LPWA Untrusted Intermediate CA ") + typeName;
        spec.serial = trusted ? 2 : 4;
        spec.extensions.insert(spec.extensions.begin(),
                               std::make_pair(NID_basic_constraints, "critical,CA:TRUE,pathlen:0"));
        const Issued& parent = GetCa(type, trusted ? "root" : "untrusted-root");
        issued.cert = IssueCertificate(spec,
                                       issued.key,
                                       parent.cert,
                                       parent.key,
                                       SourceSeed(type, role, "sign"));
    }
    else
    {
        NS_FATAL_ERROR("TestPkiHelper: CA role=\"" << role << "\" is unknown");
    }
    return m_issued[id] = issued;
}

const TestPkiHelper::Issued&
TestPkiHelper::GetServer(ServerCase serverCase, KeyType type)
{
    if (serverCase == INCOMPLETE_CHAIN)
    {
        return GetServer(VALID, type);
    }
    const std::string role = "server-" + ServerCaseName(serverCase);
    const auto id = std::make_pair(type, role);
    auto it = m_issued.find(id);
    if (it != m_issued.end())
    {
        return it->second;
    }
    const std::string host = serverCase == WRONG_HOST ? "other.example" : m_hostName;
    CertSpec spec;
    spec.commonName = host;
    spec.serial = 100 + static_cast<uint64_t>(serverCase);
    auto window = m_caseValidity.find(serverCase);
    spec.notBefore = window != m_caseValidity.end() ? window->second.first : m_notBefore;
    spec.notAfter = window != m_caseValidity.end() ? window->second.second : m_notAfter;
    spec.extensions.emplace_back(NID_basic_constraints, "critical,CA:FALSE");
    if (serverCase != SELF_SIGNED)
    {
        // A self-signed leaf without keyCertSign would not count as self-issued.
        spec.extensions.emplace_back(NID_key_usage,
                                     type == RSA_2048 ? "critical,digitalSignature,keyEncipherment"
                                                      : "critical,digitalSignature");
    }
    spec.extensions.emplace_back(NID_ext_key_usage, "serverAuth");
    spec.extensions.emplace_back(NID_subject_alt_name, "DNS:" + host);
    Issued issued;
    issued.key = GetKey(type, role);
    const uint64_t signSeed = SourceSeed(type, role, "sign");
    if (serverCase == SELF_SIGNED)
    {
        issued.cert = IssueCertificate(spec, issued.key, nullptr, issued.key, signSeed);
    }
    else
    {
        const Issued& ca =
            GetCa(type, serverCase == UNTRUSTED_ROOT ? "untrusted-intermediate" : "intermediate");
        issued.cert = IssueCertificate(spec, issued.key, ca.cert, ca.key, signSeed);
    }
    return m_issued[id] = issued;
}

const TestPkiHelper::Issued&
TestPkiHelper::GetClient(uint32_t n, KeyType type)
{
    if (n == 0)
    {
        NS_FATAL_ERROR("TestPkiHelper: client n=0 (device numbers start at 1)");
    }
    const std::string role = "client-" + std::to_string(n);
    const auto id = std::make_pair(type, role);
    auto it = m_issued.find(id);
    if (it != m_issued.end())
    {
        return it->second;
    }
    CertSpec spec;
    spec.commonName = "device-" + std::to_string(n);
    spec.serial = 1000 + static_cast<uint64_t>(n);
    spec.notBefore = m_notBefore;
    spec.notAfter = m_notAfter;
    spec.extensions.emplace_back(NID_basic_constraints, "critical,CA:FALSE");
    spec.extensions.emplace_back(NID_key_usage, "critical,digitalSignature");
    spec.extensions.emplace_back(NID_ext_key_usage, "clientAuth");
    Issued issued;
    issued.key = GetKey(type, role);
    const Issued& ca = GetCa(type, "intermediate");
    issued.cert =
        IssueCertificate(spec, issued.key, ca.cert, ca.key, SourceSeed(type, role, "sign"));
    return m_issued[id] = issued;
}

TestPkiHelper::X509Ptr
TestPkiHelper::GetRootCertificate(KeyType type)
{
    return GetCa(type, "root").cert;
}

TestPkiHelper::X509Ptr
TestPkiHelper::GetIntermediateCertificate(KeyType type)
{
    return GetCa(type, "intermediate").cert;
}

TestPkiHelper::X509Ptr
TestPkiHelper::GetUntrustedRootCertificate(KeyType type)
{
    return GetCa(type, "untrusted-root").cert;
}

TestPkiHelper::X509Ptr
TestPkiHelper::GetServerCertificate(ServerCase serverCase, KeyType type)
{
    return GetServer(serverCase, type).cert;
}

std::vector<TestPkiHelper::X509Ptr>
TestPkiHelper::GetServerChain(ServerCase serverCase, KeyType type)
{
    std::vector<X509Ptr> chain{GetServer(serverCase, type).cert};
    if (serverCase == UNTRUSTED_ROOT)
    {
        chain.push_back(GetCa(type, "untrusted-intermediate").cert);
    }
    else if (serverCase != SELF_SIGNED && serverCase != INCOMPLETE_CHAIN)
    {
        chain.push_back(GetCa(type, "intermediate").cert);
    }
    return chain;
}

TestPkiHelper::PkeyPtr
TestPkiHelper::GetServerKey(ServerCase serverCase, KeyType type)
{
    return GetServer(serverCase, type).key;
}

TestPkiHelper::X509Ptr
TestPkiHelper::GetClientCertificate(uint32_t n, KeyType type)
{
    return GetClient(n, type).cert;
}

TestPkiHelper::PkeyPtr
TestPkiHelper::GetClientKey(uint32_t n, KeyType type)
{
    return GetClient(n, type).key;
}

std::string
TestPkiHelper::ToPem(const X509Ptr& cert)
{
    NS_ABORT_MSG_IF(!cert, "TestPkiHelper::ToPem: cert=null");
    BIO* bio = BIO_new(BIO_s_mem());
    if (bio == nullptr || PEM_write_bio_X509(bio, cert.get()) != 1)
    {
        BIO_free(bio);
        OpenSslFatal("writing a certificate as PEM");
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<size_t>(len));
    BIO_free(bio);
    return pem;
}

std::string
TestPkiHelper::ToPem(const PkeyPtr& key)
{
    NS_ABORT_MSG_IF(!key, "TestPkiHelper::ToPem: key=null");
    BIO* bio = BIO_new(BIO_s_mem());
    if (bio == nullptr ||
        PEM_write_bio_PKCS8PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    {
        BIO_free(bio);
        OpenSslFatal("writing a key as PEM");
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<size_t>(len));
    BIO_free(bio);
    return pem;
}

std::string
TestPkiHelper::GetCaPem(KeyType type)
{
    return ToPem(GetRootCertificate(type));
}

std::string
TestPkiHelper::GetServerChainPem(ServerCase serverCase, KeyType type)
{
    std::string pem;
    for (const auto& cert : GetServerChain(serverCase, type))
    {
        pem += ToPem(cert);
    }
    return pem;
}

std::string
TestPkiHelper::GetServerKeyPem(ServerCase serverCase, KeyType type)
{
    return ToPem(GetServerKey(serverCase, type));
}

std::string
TestPkiHelper::GetClientCertPem(uint32_t n, KeyType type)
{
    return ToPem(GetClientCertificate(n, type));
}

std::string
TestPkiHelper::GetClientKeyPem(uint32_t n, KeyType type)
{
    return ToPem(GetClientKey(n, type));
}

bool
TestPkiHelper::WritePem(const std::string& directory, std::string& error)
{
    NS_LOG_FUNCTION(this << directory);
    std::vector<std::pair<std::string, std::string>> files;
    for (KeyType type : {RSA_2048, ECDSA_P256})
    {
        const std::string t = KeyTypeName(type);
        files.emplace_back("ca-" + t + ".pem", GetCaPem(type));
        files.emplace_back("intermediate-" + t + ".pem", ToPem(GetIntermediateCertificate(type)));
        files.emplace_back("untrusted-ca-" + t + ".pem", ToPem(GetUntrustedRootCertificate(type)));
        for (ServerCase c : {VALID,
                             EXPIRED,
                             NOT_YET_VALID,
                             WRONG_HOST,
                             SELF_SIGNED,
                             UNTRUSTED_ROOT,
                             INCOMPLETE_CHAIN})
        {
            const std::string base = "server-" + ServerCaseName(c) + "-" + t;
            files.emplace_back(base + ".pem", GetServerChainPem(c, type));
            files.emplace_back(base + ".key", GetServerKeyPem(c, type));
        }
        for (uint32_t n = 1; n <= m_clientCount; ++n)
        {
            const std::string base = "client-" + std::to_string(n) + "-" + t;
            files.emplace_back(base + ".pem", GetClientCertPem(n, type));
            files.emplace_back(base + ".key", GetClientKeyPem(n, type));
        }
    }
    for (const auto& file : files)
    {
        const std::string path = directory + "/" + file.first;
        FILE* f = std::fopen(path.c_str(), "wb");
        if (f == nullptr)
        {
            error = "cannot open " + path + " for writing: " + std::strerror(errno);
            return false;
        }
        const size_t written = std::fwrite(file.second.data(), 1, file.second.size(), f);
        const bool failed = written != file.second.size();
        const int saved = errno;
        if (std::fclose(f) != 0 || failed)
        {
            error = "cannot write " + path + ": " + std::strerror(failed ? saved : errno);
            return false;
        }
    }
    error.clear();
    return true;
}

} // namespace lpwa
} // namespace ns3
