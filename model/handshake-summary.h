/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_HANDSHAKE_SUMMARY_H
#define LPWA_HANDSHAKE_SUMMARY_H

#include "crypto-operation.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief What one endpoint's TLS handshake negotiated, as plain fields (no OpenSSL types).
 *
 * The TLS engine fills it from SSL_version, SSL_get_current_cipher, SSL_get_peer_cert_chain,
 * SSL_session_reused and its own certificate; HandshakeCostEstimator turns it into the
 * cryptographic work each flight costs that endpoint.
 */
struct HandshakeSummary
{
    /// Which side this summary describes.
    enum class Role : uint8_t
    {
        CLIENT, //!< the side that sends ClientHello
        SERVER, //!< the side that answers it
    };

    /// Protocol version.
    enum class Version : uint8_t
    {
        TLS_1_2, //!< TLS 1.2 (and DTLS 1.2)
        TLS_1_3, //!< TLS 1.3
    };

    /**
     * \brief Key exchange. TLS 1.2: from the cipher suite. TLS 1.3: from the group and the PSK
     * mode (certificate authentication is implied unless resumed or PSK).
     */
    enum class KeyExchange : uint8_t
    {
        RSA,         //!< TLS 1.2 RSA key transport
        ECDHE_RSA,   //!< TLS 1.2 ECDHE, RSA-signed
        ECDHE_ECDSA, //!< TLS 1.2 ECDHE, ECDSA-signed
        DHE_RSA,     //!< TLS 1.2 finite-field DHE, RSA-signed
        PSK,         //!< TLS 1.2 PSK suites / TLS 1.3 psk_ke (no (EC)DHE)
        ECDHE_PSK,   //!< TLS 1.2 ECDHE-PSK suites / TLS 1.3 external PSK with psk_dhe_ke
        ECDHE,       //!< TLS 1.3 elliptic-curve group (secp256r1, x25519, secp384r1 ...)
        DHE,         //!< TLS 1.3 finite-field group (ffdhe2048 ...)
    };

    /// A public key's algorithm.
    enum class KeyType : uint8_t
    {
        NONE, //!< no key
        RSA,  //!< RSA (PKCS#1 v1.5 or PSS)
        EC,   //!< ECDSA (keyBits = curve size)
    };

    /// One certificate of a chain: its own key, and the key that signed it.
    struct Certificate
    {
        KeyType keyType{KeyType::NONE};       //!< the certificate's public key algorithm
        uint32_t keyBits{0};                  //!< its size (RSA modulus / EC curve bits)
        KeyType signerKeyType{KeyType::NONE}; //!< the issuer's key algorithm
        uint32_t signerKeyBits{0};            //!< the issuer's key size
        bool selfSigned{false};               //!< a trust anchor: its signature is not checked
        uint32_t derBytes{0};                 //!< its DER length (0: unknown)
    };

    Role role{Role::CLIENT};                         //!< which side
    Version version{Version::TLS_1_2};               //!< negotiated version
    KeyExchange keyExchange{KeyExchange::ECDHE_RSA}; //!< negotiated key exchange
    uint32_t groupBits{256};                         //!< (EC)DHE group size: curve or modulus bits
    bool resumed{false};                             //!< session resumed (ticket or session ID)
    bool clientAuth{false};                          //!< the client sent a certificate
    KeyType localKeyType{KeyType::NONE};             //!< this side's certificate key (signs)
    uint32_t localKeyBits{0};                        //!< its size
    std::vector<Certificate> peerChain;              //!< the peer's chain, leaf first
    CipherKind cipher{CipherKind::AES_GCM};          //!< negotiated record cipher
    uint32_t cipherKeyBits{128};                     //!< its key size
    /// Handshake bytes hashed into the transcript; 0 = typical (1700 full, 580 resumed).
    uint64_t transcriptBytes{0};
    /// This side's certificate and key files (CA, own chain, key), read at each handshake.
    uint64_t localFileBytes{0};
    /// The PEM objects (certificates, keys) in those files.
    uint32_t localFileObjects{0};
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_HANDSHAKE_SUMMARY_H
