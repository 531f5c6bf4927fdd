/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_ONEMO_SOCKET_COMMANDS_H
#define LPWA_ONEMO_SOCKET_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "compute-resource.h"
#include "crypto-cost-model.h"
#include "module-socket.h"
#include "stream-block.h"
#include "tls-context.h"
#include "tls-endpoint.h"
#include "tls-error.h"
#include "tls-session.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief China Mobile OneMO (ML307/ML302/MN316) TCP/IP socket commands: `AT+MIPCFG`
 *        (`"ssl"`, `"encoding"`), `AT+MIPOPEN`, `AT+MIPSEND`, `AT+MIPREAD` (alias `AT+MIPRD`),
 *        `AT+MIPCLOSE`, `AT+MIPSTATE`.
 *
 * One ModuleSocket per connect ID (0 to ModuleProfile::GetSocketCount() - 1) carries the
 * data; this class formats its events:
 * - `AT+MIPOPEN=<id>,"TCP"|"UDP","<host>",<port>[,<local_port>[,<mode>]]`: OK, then
 *   `+MIPOPEN: <id>,<err>` (0 connected; 552 ID in use, 570 PDP context not active, 580 DNS
 *   failure, 555 bind failure, 557 refused, 558 timed out; SSL: 750-754, see GetSslErrorCode()).
 *   Host names go through the module's DnsResolver. `<mode>` 0 (default) pushes received
 *   data in URCs, 1 buffers it for `AT+MIPREAD`.
 * - SSL (`AT+MIPCFG="ssl",<id>,1,<ssl_id>`): the open runs a real TLS handshake (TlsEndpoint)
 *   over the connect ID's TCP socket (DTLS over UDP), configured from OneMoSslCommands'
 *   context `<ssl_id>` with OneMoSslCommands::BuildTlsConfig() at each open (the manual's
 *   defaults if that set is absent); `+MIPOPEN: <id>,0` comes when the handshake has
 *   completed. The `"negotime"` timer starts with the command and covers DNS, connect and
 *   handshake (753 when it expires). At most ModuleProfile::GetMaxSslConnections() SSL
 *   connections (opening or open) at once: one more answers `+MIPOPEN: <id>,751` (the manual's
 *   "initialisation resource error": no TLS resources left) without touching the network.
 *   Crypto time: one CryptoCostModel for the MCU class and one ComputeResource per module,
 *   shared by all endpoints. Session resumption: the last session per (ssl_id, host, port) is
 *   offered when `"session"` is 1 and `"version"`, `"ciphersuite"` and the security policy
 *   (TlsContext::GetSecurityDigest(): auth, certificates, ignorestamp, ...) are still those it
 *   was negotiated with; otherwise it is dropped, and a session whose verification did not
 *   pass is never offered under a verifying policy (TlsSession::IsUsableUnder()). Data,
 *   URCs, `AT+MIPSEND`/`AT+MIPREAD` are unchanged (the plaintext); a close_notify or FIN from
 *   the peer gives `"disconn"` reason 1.
 * - `AT+MIPSEND=<id>,<len>` -> `>` -> exactly `<len>` raw bytes; `AT+MIPSEND=<id>` -> `>` ->
 *   bytes up to CTRL+Z; `AT+MIPSEND=<id>,<len>,<data>` with `<data>` in the send encoding.
 *   Each answers OK, then `+MIPSEND: <id>,<len>`.
 * - URCs: `+MIPURC: "rtcp",<id>,<len>,<data>` (UDP: `"rudp"`) in push mode with the data in
 *   the receive encoding, in chunks of at most ModuleProfile::GetMaxReadLength() bytes;
 *   `+MIPURC: "recv",<id>,<len>` in buffer mode; `+MIPURC: "disconn",<id>,<reason>` with
 *   reason 1 (peer closed) or 3 (PDP context deactivated); `+MIPCLOSE: <id>` after
 *   `AT+MIPCLOSE`. On an open SSL connection `AT+MIPCLOSE` first sends the TLS close_notify,
 *   then the TCP FIN (no wait for the peer's close_notify), which also keeps the session
 *   resumable for the next open.
 * - After "disconn" the ID is released at once, unless buffered data is still unread: then it
 *   stays "CLOSING" until it is read or the host closes it.
 *
 * Encodings (`AT+MIPCFG="encoding",<id>,<send>,<recv>`): 0 ASCII (raw bytes), 1 hex (two
 * digits per byte; the module writes upper case), 2 escaped string (`\r`, `\n`, `\t`, `\\`,
 * `\"`, `\0` and `\xHH`). Errors are recorded with LpwaModule::SetLastError() and answered as
 * CME errors: 50 bad parameter, 551 ID not in use, 553 not connected, 560 socket write failed.
 */
class OneMoSocketCommands : public AtCommandSet
{
  public:
    /// The data encoding of a connect ID, per direction.
    enum Encoding : uint8_t
    {
        ASCII = 0,  //!< raw bytes
        HEX = 1,    //!< two hex digits per byte
        ESCAPED = 2 //!< escaped string
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OneMoSocketCommands();
    ~OneMoSocketCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;

    /**
     * \brief Reserve a block of streams for the TLS contexts and endpoints of SSL channels
     *        (one each, in creation order; past the block's end automatic streams).
     * \param stream the first stream of the block
     * \return the size of the block (1000)
     */
    int64_t AssignStreams(int64_t stream) override;

    /**
     * \brief Get the socket of a connect ID.
     * \param connectId the ID
     * \return the socket, or nullptr outside the profile's range
     */
    Ptr<ModuleSocket> GetSocket(uint32_t connectId) const;

    /**
     * \brief Encode bytes for the host.
     * \param data the bytes
     * \param encoding the encoding
     * \return the text
     */
    static std::string Encode(const std::string& data, Encoding encoding);

    /**
     * \brief Decode text from the host.
     * \param text the text
     * \param encoding the encoding
     * \param[out] data the bytes
     * \return false if the text is not valid in that encoding
     */
    static bool Decode(const std::string& text, Encoding encoding, std::string& data);

    /**
     * \brief The one table from TLS failures to OneMO SSL codes (manual chapter 5.2: 750
     *        unknown, 751 initialisation resource, 752 server certificate verification failed,
     *        753 negotiation timeout, 754 negotiation failed), used by `+MIPOPEN: <id>,<err>`.
     *
     * - NONE -> 0;
     * - CERTIFICATE_VERIFY_FAILED, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID,
     *   HOSTNAME_MISMATCH, UNKNOWN_CA -> 752;
     * - TIMEOUT ("negotime" expired, DTLS retransmissions exhausted) -> 753;
     * - HANDSHAKE_FAILURE, PROTOCOL_VERSION, NO_SHARED_CIPHER, PSK_FAILURE, PEER_ALERT (e.g. the
     *   server refused the client certificate), BAD_RECORD, TRANSPORT_CLOSED -> 754;
     * - anything else -> 750.
     * 751 is not a handshake result: it answers an open whose SSL context cannot be set up (a
     * certificate, key or PSK named in it is missing or unusable) or that would exceed
     * ModuleProfile::GetMaxSslConnections().
     * \param error the TLS error
     * \return the code
     */
    static uint32_t GetSslErrorCode(TlsError error);

    /**
     * \brief Get the TLS endpoint of a connect ID (of its current SSL connection).
     * \param connectId the ID
     * \return the endpoint, or nullptr
     */
    Ptr<TlsEndpoint> GetEndpoint(uint32_t connectId) const;

  protected:
    void DoDispose() override;

  private:
    /// Per connect ID configuration and bookkeeping.
    struct Channel
    {
        bool sslEnabled{false};       //!< AT+MIPCFG="ssl" <enable>
        uint32_t sslId{0};            //!< AT+MIPCFG="ssl" <ssl_id>
        Encoding sendEncoding{ASCII}; //!< AT+MIPCFG="encoding" <send>
        Encoding recvEncoding{ASCII}; //!< AT+MIPCFG="encoding" <recv>
        std::string host;             //!< host as given to AT+MIPOPEN
        uint64_t openSeq{0};          //!< invalidates stale open callbacks
        Time openStart;               //!< when the connect started
        bool sslActive{false};        //!< an SSL connection holds this ID (counts to the max)
        bool handshaking{false};      //!< TLS handshake running (open not yet reported)
        uint16_t port{0};             //!< remote port of the SSL connection
        uint32_t openSslId{0};        //!< SSL ID of the SSL connection
        uint8_t openVersion{255};     //!< "version" of the SSL connection
        uint16_t openCipherSuite{0};  //!< "ciphersuite" of the SSL connection
        Ptr<TlsContext> tls;          //!< TLS context of the SSL connection
        Ptr<TlsEndpoint> endpoint;    //!< TLS endpoint of the SSL connection
        EventId negotiateTimer;       //!< "negotime"
    };

    void SslConnected(uint32_t id, uint64_t seq, bool suiteUnavailable);
    void SslHandshakeDone(uint32_t id, uint64_t seq);
    void SslHandshakeFailed(uint32_t id, uint64_t seq, TlsError error);
    void SslClosed(uint32_t id, uint64_t seq);
    void SslNegotiateTimeout(uint32_t id, uint64_t seq);

    void ReportOpen(uint32_t id, uint32_t err);
    void OnReceive(uint32_t id, uint32_t count);
    void OnPeerClose(uint32_t id);
    void OnPdpDeactivated(uint32_t cid, bool byNetwork);
    void Disconnected(uint32_t id, uint32_t reason, bool abortConnection);
    void Release(uint32_t id);
    void SendDone(uint32_t id, const std::string& data);
    bool ParseId(const AtParameter& p, uint32_t& id) const;
    std::string StateLine(uint32_t id) const;
    void Fail(uint32_t code);

    void Mipcfg(const AtCommand& c);
    void Mipopen(const AtCommand& c);
    void Mipsend(const AtCommand& c);
    void Mipread(const AtCommand& c, const std::string& prefix);
    void Mipclose(const AtCommand& c);
    void Mipstate(const AtCommand& c);

    Ptr<LpwaModule> m_module;                 //!< the module
    std::vector<Ptr<ModuleSocket>> m_sockets; //!< by connect ID
    std::vector<Channel> m_channels;          //!< by connect ID
    Ptr<CryptoCostModel> m_cost;              //!< the MCU's crypto costs
    Ptr<ComputeResource> m_compute;           //!< the module's MCU, shared by every TLS endpoint
    StreamBlock m_tlsStreams; //!< streams of the TLS contexts and endpoints (AssignStreams())

    /// A session kept for resumption, with the settings it was negotiated under.
    struct StoredSession
    {
        Ptr<TlsSession> session; //!< the session
        uint8_t version{255};    //!< "version" it was negotiated with
        uint16_t cipherSuite{0}; //!< "ciphersuite" it was negotiated with
    };

    /// Last session per (ssl_id, host, port).
    std::map<std::tuple<uint32_t, std::string, uint16_t>, StoredSession> m_sessions;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_ONEMO_SOCKET_COMMANDS_H
