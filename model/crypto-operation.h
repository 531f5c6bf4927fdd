/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_CRYPTO_OPERATION_H
#define LPWA_CRYPTO_OPERATION_H

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A cryptographic operation whose simulated cost a CryptoCostModel knows.
 *
 * Public-key operations are counted once per operation at the key size given in
 * CryptoStep::keyBits (RSA and DH: modulus bits; EC: curve bits, 256 for P-256 and X25519);
 * symmetric operations are counted per byte in CryptoStep::bytes.
 */
enum class CryptoOperation : uint8_t
{
    RSA_PUBLIC,              //!< RSA public-key op: verify a signature or encrypt a premaster
    RSA_PRIVATE,             //!< RSA private-key op: sign or decrypt a premaster
    ECDSA_SIGN,              //!< ECDSA signature generation
    ECDSA_VERIFY,            //!< ECDSA signature verification
    ECDHE_KEYGEN_AND_SHARED, //!< ephemeral EC key generation plus shared-secret computation
    ECDHE_KEYGEN,            //!< ephemeral EC key generation alone (server's first flight)
    ECDH_SHARED,             //!< shared-secret computation against a peer key alone
    DHE_KEYGEN_AND_SHARED,   //!< finite-field ephemeral DH key generation plus shared secret
    PSK,                     //!< pre-shared-key lookup (no public-key work)
    HASH_BYTES,              //!< SHA-256 over CryptoStep::bytes (transcript, PRF/HKDF)
    CIPHER_BYTES,            //!< record protection of CryptoStep::bytes with CryptoStep::cipher
    HANDSHAKE_OVERHEAD,      //!< per-handshake work that is not cryptography (parsing, sessions)
    CERTIFICATE_PARSE,       //!< decoding one X.509 certificate received from the peer (DER)
    FILE_LOAD,               //!< reading this side's certificate and key files (bytes, objects)
};

/**
 * \brief The symmetric record cipher that CIPHER_BYTES steps use.
 */
enum class CipherKind : uint8_t
{
    AES_CBC,           //!< AES-CBC (with HMAC) suites
    AES_CCM,           //!< AES-CCM and AES-CCM-8 suites
    AES_GCM,           //!< AES-GCM suites
    CHACHA20_POLY1305, //!< ChaCha20-Poly1305 suites
    NONE,              //!< NULL-cipher suites: no symmetric cost
};

/**
 * \brief One unit of cryptographic work: an operation, its key size and its byte count.
 *
 * `keyBits` is the RSA/DH modulus or EC curve size for public-key operations and the AES key
 * size (128, 192 or 256; 0 means 128) for CIPHER_BYTES; HASH_BYTES and PSK ignore it. `bytes` is
 * the data length for HASH_BYTES and CIPHER_BYTES, the DER length of a CERTIFICATE_PARSE (for the
 * log; the cost is per certificate) and the file length of a FILE_LOAD; it is ignored otherwise.
 * `objects` is the number of PEM objects (certificates and keys) a FILE_LOAD decodes.
 */
struct CryptoStep
{
    CryptoOperation op;                  //!< the operation
    uint32_t keyBits{0};                 //!< key size in bits (see above)
    uint64_t bytes{0};                   //!< bytes processed (HASH_BYTES, CIPHER_BYTES)
    CipherKind cipher{CipherKind::NONE}; //!< the cipher of a CIPHER_BYTES step
    uint32_t objects{0};                 //!< PEM objects decoded by a FILE_LOAD
};

/**
 * \brief Name an operation.
 * \param op the operation
 * \return its enumerator name, e.g. "RSA_PUBLIC"
 */
const char* ToString(CryptoOperation op);

/**
 * \brief Name a cipher kind.
 * \param cipher the cipher kind
 * \return its enumerator name, e.g. "AES_GCM"
 */
const char* ToString(CipherKind cipher);

/**
 * \brief Describe a step, e.g. "RSA_PUBLIC(2048)" or "CIPHER_BYTES(AES_GCM-128,80B)".
 * \param step the step
 * \return the description
 */
std::string ToString(const CryptoStep& step);

/**
 * \brief Print a step as ToString(step) does.
 * \param os the stream
 * \param step the step
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const CryptoStep& step);

/**
 * \brief Compare two steps field by field.
 * \param a one step
 * \param b the other
 * \return true if all fields are equal
 */
bool operator==(const CryptoStep& a, const CryptoStep& b);

} // namespace lpwa
} // namespace ns3

#endif // LPWA_CRYPTO_OPERATION_H
