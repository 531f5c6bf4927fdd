/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_CIPHER_SUITE_TABLE_H
#define LPWA_CIPHER_SUITE_TABLE_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/// How a TLS cipher suite agrees on keys and authenticates the server.
enum class KeyExchange : uint8_t
{
    RSA,         //!< RSA key transport, RSA certificate
    DHE_RSA,     //!< ephemeral finite-field Diffie-Hellman, RSA certificate
    ECDHE_RSA,   //!< ephemeral elliptic-curve Diffie-Hellman, RSA certificate
    ECDHE_ECDSA, //!< ephemeral elliptic-curve Diffie-Hellman, ECDSA certificate
    ECDH_RSA,    //!< static ECDH, EC certificate signed with RSA
    ECDH_ECDSA,  //!< static ECDH, EC certificate signed with ECDSA
    PSK,         //!< pre-shared key only
    DHE_PSK,     //!< pre-shared key plus ephemeral finite-field Diffie-Hellman
    RSA_PSK,     //!< pre-shared key plus RSA key transport
    ECDHE_PSK,   //!< pre-shared key plus ephemeral elliptic-curve Diffie-Hellman
    ECJPAKE,     //!< elliptic-curve J-PAKE password authentication (Thread, mbed TLS)
};

/**
 * \brief One TLS cipher suite as the module manuals list it (a plain record of the table).
 */
struct CipherSuiteInfo
{
    uint16_t id;      //!< the IANA TLS cipher-suite number, e.g. 0x002F
    const char* iana; //!< the IANA registry name, e.g. "TLS_RSA_WITH_AES_128_CBC_SHA"
    /**
     * The OpenSSL name, e.g. "AES128-SHA". For a suite that Debian 12's libssl3 cannot offer,
     * the name an older OpenSSL release used (e.g. "RC4-SHA", "ECDH-RSA-AES128-SHA"), or
     * nullptr if OpenSSL never implemented the suite.
     */
    const char* openssl;
    KeyExchange kx; //!< the key exchange
    /**
     * Whether OpenSSL 3 (Debian 12 libssl3) can offer the suite in a TLS 1.2 ClientHello when
     * the cipher string ends in `@SECLEVEL=0` (NULL-cipher and SHA-1 suites need that level).
     */
    bool available;
    const char* unavailableReason; //!< why not, if not available; nullptr otherwise
};

/**
 * \brief The TLS cipher suites named by the module manuals, and what OpenSSL 3 makes of them.
 *
 * One table holds every suite ID listed in the Quectel BG95/BG77/BG600L SSL Application Note
 * (Table 3, 35 suites) or in the OneMO SSL AT command manual (appendix 5.1, 207 suites up to
 * 0xCCAE); the Quectel list is a subset of the OneMO one. IANA names follow the IANA TLS
 * registry: Quectel's "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256" is written with underscores,
 * and OneMO's "TLS_DHE_PSK_WITH_AES_128/256_CCM_8" (0xC0AA/0xC0AB) are the registry's
 * "TLS_PSK_DHE_WITH_AES_128/256_CCM_8".
 *
 * Availability was measured against Debian 12's libssl3 (OpenSSL 3.0): a suite is available
 * if `SSL_CTX_set_cipher_list(ctx, "<openssl>:@SECLEVEL=0")` succeeds on a TLS_method()
 * context and a client built from it offers the suite; the unit test checks every entry.
 * Which suites a given module model supports is a property of its ModuleProfile, not of this
 * table.
 */
class CipherSuiteTable
{
  public:
    /**
     * \brief Look up a suite.
     * \param id the IANA cipher-suite number
     * \return the entry, or nullptr if neither manual lists the ID
     */
    static const CipherSuiteInfo* Find(uint16_t id);

    /**
     * \brief Get all suite IDs of the table.
     * \return the IDs, ascending
     */
    static std::vector<uint16_t> GetAllIds();

    /**
     * \brief Format an ID the way Quectel writes it in AT+QSSLCFG="ciphersuite".
     * \param id the cipher-suite number
     * \return "0X" and four upper-case hex digits, e.g. "0X0035", "0XC02F", "0XFFFF"
     */
    static std::string FormatQuectelId(uint16_t id);

    /**
     * \brief Get the name of a key exchange, for logs and test messages.
     * \param kx a key exchange
     * \return e.g. "ECDHE_RSA"
     */
    static const char* KeyExchangeToString(KeyExchange kx);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_CIPHER_SUITE_TABLE_H
