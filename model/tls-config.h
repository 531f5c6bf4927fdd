/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_CONFIG_H
#define LPWA_TLS_CONFIG_H

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Everything that describes one side of a TLS or DTLS connection; TlsContext turns it
 * into an OpenSSL SSL_CTX.
 *
 * A plain value type: fill the fields, call Validate(), give it to TlsContext::Configure().
 * Session-cache capacity and lifetime are attributes of TlsContext.
 */
struct TlsConfig
{
    /// Which side of the handshake.
    enum class Role : uint8_t
    {
        CLIENT, //!< sends the ClientHello
        SERVER, //!< answers it
    };

    /// A protocol version bound.
    enum class Version : uint8_t
    {
        DEFAULT,  //!< OpenSSL's own bound (no restriction)
        SSL_3_0,  //!< SSL 3.0 (OpenSSL 3 has none: handshakes fail with PROTOCOL_VERSION)
        TLS_1_0,  //!< TLS 1.0 (needs securityLevelZero)
        TLS_1_1,  //!< TLS 1.1 (needs securityLevelZero)
        TLS_1_2,  //!< TLS 1.2
        TLS_1_3,  //!< TLS 1.3
        DTLS_1_0, //!< DTLS 1.0 (datagram only)
        DTLS_1_2, //!< DTLS 1.2 (datagram only)
    };

    /// Peer certificate verification.
    enum class Verify : uint8_t
    {
        NONE,              //!< do not verify the peer (client) / do not ask for one (server)
        VERIFY_PEER,       //!< client: verify the server; server: same as REQUEST
        REQUEST,           //!< server: ask for a client certificate, verify it if sent
        REQUIRE_PEER_CERT, //!< server: client authentication required
    };

    Role role{Role::CLIENT};              //!< client or server
    bool datagram{false};                 //!< DTLS over UDP rather than TLS over TCP
    Version minVersion{Version::DEFAULT}; //!< lowest version allowed
    Version maxVersion{Version::DEFAULT}; //!< highest version allowed
    std::vector<std::string> cipherList;  //!< TLS <= 1.2 suites, OpenSSL names; empty: default
    std::string tls13Suites;              //!< TLS 1.3 suites, "A:B" (empty: OpenSSL default)
    bool securityLevelZero{false};        //!< append ":@SECLEVEL=0" (TLS 1.0/1.1, SHA-1 suites)
    Verify verify{Verify::NONE};          //!< peer verification mode
    std::string caPem;                    //!< trusted CA certificates (PEM, one or more)
    std::string certChainPem;             //!< own certificate, then its intermediates (PEM)
    std::string keyPem;                   //!< own private key (PEM)
    std::string sniHostName;              //!< client: server_name extension (empty: none)
    std::string checkHost;          //!< client: name the server's leaf must match (empty: any)
    bool ignoreValidityTime{false}; //!< skip notBefore/notAfter checks (NO_CHECK_TIME)
    /// Verification time in Unix seconds, e.g. ModuleClock::GetUnixTime (never the host clock).
    /// Required when verifying certificates and ignoreValidityTime is false.
    std::function<int64_t()> timeSource;
    bool sessionResumption{true}; //!< client: remember/offer sessions; server: session cache
    bool tickets{true};           //!< RFC 5077 / TLS 1.3 tickets (server issues, client accepts)
    bool renegotiation{false};    //!< allow renegotiation (TLS <= 1.2)
    std::string pskIdentity;      //!< client: PSK identity (empty: no PSK)
    std::vector<uint8_t> pskKey;  //!< client: PSK key
    std::map<std::string, std::vector<uint8_t>> pskKeys; //!< server: identity -> key

    /**
     * \brief Check the configuration.
     *
     * Checks version bounds against the transport, PEM parsing of the CA, chain and key, that
     * the key matches the leaf certificate, that a server has a certificate or PSKs, that
     * server-only verification modes are not used by a client, and that a validity time
     * source is given when certificates are verified.
     * \return "" if the configuration is usable, else a message naming the field at fault
     */
    std::string Validate() const;

    /**
     * \brief Digest of every setting that decides whom a client trusts and what it offers.
     *
     * SHA-256 (hex) over the transport, version bounds, suites, security level, verification
     * mode, the content of the CA, own certificate and key, SNI, host check, time checking and
     * PSK. A resumed session skips certificate verification, so a client offers a session only
     * under the digest it was obtained with (TlsSession::GetPolicyDigest()).
     * \return 64 hex digits
     */
    std::string GetSecurityDigest() const;

    /**
     * \brief Decode a hexadecimal string (e.g. a PSK "1a2b3c4d").
     * \param hex an even number of hex digits
     * \return the bytes; fatal error naming the argument if it is not valid hex
     */
    static std::vector<uint8_t> HexToBytes(const std::string& hex);

    /**
     * \brief Name a version.
     * \param version the version
     * \return e.g. "TLS_1_2"
     */
    static const char* ToString(Version version);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_CONFIG_H
