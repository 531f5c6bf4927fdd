/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "crypto-operation.h"

#include <sstream>

namespace ns3
{
namespace lpwa
{

const char*
ToString(CryptoOperation op)
{
    switch (op)
    {
        case CryptoOperation::RSA_PUBLIC:
            return "RSA_PUBLIC";
        case CryptoOperation::RSA_PRIVATE:
            return "RSA_PRIVATE";
        case CryptoOperation::ECDSA_SIGN:
            return "ECDSA_SIGN";
        case CryptoOperation::ECDSA_VERIFY:
            return "ECDSA_VERIFY";
        case CryptoOperation::ECDHE_KEYGEN_AND_SHARED:
            return "ECDHE_KEYGEN_AND_SHARED";
        case CryptoOperation::ECDHE_KEYGEN:
            return "ECDHE_KEYGEN";
        case CryptoOperation::ECDH_SHARED:
            return "ECDH_SHARED";
        case CryptoOperation::DHE_KEYGEN_AND_SHARED:
            return "DHE_KEYGEN_AND_SHARED";
        case CryptoOperation::PSK:
            return "PSK";
        case CryptoOperation::HASH_BYTES:
            return "HASH_BYTES";
        case CryptoOperation::CIPHER_BYTES:
            return "CIPHER_BYTES";
        case CryptoOperation::HANDSHAKE_OVERHEAD:
            return "HANDSHAKE_OVERHEAD";
        case CryptoOperation::CERTIFICATE_PARSE:
            return "CERTIFICATE_PARSE";
        case CryptoOperation::FILE_LOAD:
            return "FILE_LOAD";
    }
    return "UNKNOWN";
}

const char*
ToString(CipherKind cipher)
{
    switch (cipher)
    {
        case CipherKind::AES_CBC:
            return "AES_CBC";
        case CipherKind::AES_CCM:
            return "AES_CCM";
        case CipherKind::AES_GCM:
            return "AES_GCM";
        case CipherKind::CHACHA20_POLY1305:
            return "CHACHA20_POLY1305";
        case CipherKind::NONE:
            return "NONE";
    }
    return "UNKNOWN";
}

std::string
ToString(const CryptoStep& step)
{
    std::ostringstream os;
    os << ToString(step.op) << '(';
    switch (step.op)
    {
        case CryptoOperation::HASH_BYTES:
            os << step.bytes << 'B';
            break;
        case CryptoOperation::CIPHER_BYTES:
            os << ToString(step.cipher) << '-' << (step.keyBits == 0 ? 128 : step.keyBits) << ','
               << step.bytes << 'B';
            break;
        case CryptoOperation::CERTIFICATE_PARSE:
            os << step.bytes << 'B';
            break;
        case CryptoOperation::FILE_LOAD:
            os << step.bytes << "B," << step.objects << " objects";
            break;
        case CryptoOperation::PSK:
            break;
        default:
            os << step.keyBits;
            break;
    }
    os << ')';
    return os.str();
}

std::ostream&
operator<<(std::ostream& os, const CryptoStep& step)
{
    return os << ToString(step);
}

bool
operator==(const CryptoStep& a, const CryptoStep& b)
{
    return a.op == b.op && a.keyBits == b.keyBits && a.bytes == b.bytes && a.cipher == b.cipher &&
           a.objects == b.objects;
}

} // namespace lpwa
} // namespace ns3
