/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_QUECTEL_SSL_SOCKET_COMMANDS_H
#define LPWA_QUECTEL_SSL_SOCKET_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "compute-resource.h"
#include "crypto-cost-model.h"
#include "module-socket.h"
#include "quectel-data-path.h"
#include "stream-block.h"
#include "tls-config.h"
#include "tls-context.h"
#include "tls-endpoint.h"
#include "tls-error.h"
#include "tls-session.h"

#include "ns3/event-id.h"
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
 * \brief Quectel SSL socket commands (BG95/BG77/BG600L SSL Application Note 2.3.2-2.3.6, 2.4):
 *        `AT+QSSLOPEN`, `AT+QSSLSEND`, `AT+QSSLRECV`, `AT+QSSLCLOSE`, `AT+QSSLSTATE` and the
 *        `+QSSLURC` URCs, over real OpenSSL TLS (TCP) or DTLS (UDP) sessions (TlsEndpoint).
 *
 * Each `<clientID>` (0 to ModuleProfile::GetSocketCount() - 1) has its own ModuleSocket,
 * separate from the `AT+QIOPEN` connect IDs. The data path (URC and read formatting, send
 * input, transparent mode with `CONNECT`, `+++`, `ATO`, `AT+QISWTMD`) is the QuectelDataPath
 * of QuectelSocketCommands, with `+QSSLURC` / `+QSSLRECV` prefixes; the TLS layer sits on the
 * ModuleSocket through ModuleSocket::SetTransmitHook() and ModuleSocket::Deliver().
 *
 * `AT+QSSLOPEN=<pdp>,<ctx>,<id>,"<host>",<port>[,<mode>]` answers `OK` at once (modes 0/1) and
 * `+QSSLOPEN: <id>,<err>` when the handshake has ended, or `CONNECT` / `ERROR` (mode 2). The
 * TLS configuration is built from QuectelSslCommands' context `<ctx>` at each open
 * (BuildConfig()); the host name is resolved with the module's DnsResolver. The negotiate
 * timer (`"negotiatetime"`, 10-300 s) starts with the command and covers DNS, TCP connect
 * and handshake: when it expires the open ends with 569 and the ID is free again.
 *
 * Crypto time: one CryptoCostModel for the profile's MCU class and ONE ComputeResource per
 * module (the MCU), given to every endpoint with TlsEndpoint::SetCompute(), so the module's
 * flights leave only after their compute time and concurrent handshakes queue on the MCU.
 *
 * Session resumption (`"session",<ctx>,1`): the last session per (ctx, host, port) is kept
 * and offered on the next open of that triple, but only under the security policy it was
 * obtained with (TlsContext::GetSecurityDigest(); a changed seclevel, CA, client certificate,
 * SNI, checkhost, ignorelocaltime, version or suite drops it), and never after a verification
 * that did not pass (TlsSession::IsUsableUnder()).
 *
 * `AT+QSSLSTATE` (all), `AT+QSSLSTATE=<id>`, and the two-parameter form
 * `AT+QSSLSTATE=<type>,<n>` that TinyGSM sends (`AT+QSSLSTATE=1,<mux>`): it is accepted with
 * the meaning `AT+QISTATE` gives it (type 1: client ID n; type 0: PDP context n). State 1
 * (opening) is shown until the handshake completes.
 *
 * `AT+QSSLCLOSE=<id>,<close_timeout>` on an established connection: close_notify, then `OK`
 * when the peer's close_notify or FIN arrives or when close_timeout seconds have passed,
 * whichever comes first; close_timeout 0: `OK` at once, without close_notify. An omitted
 * close_timeout is the manual's default of 10 s. Anything else (opening, closed by the peer,
 * never opened) answers `OK` at once. The
 * module clock (LpwaModule::GetClock()) is the certificate validity time unless `"ignorelocaltime"`
 * is 1.
 */
class QuectelSslSocketCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QuectelSslSocketCommands();
    ~QuectelSslSocketCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;
    /**
     * \brief Reserve a block of streams for the TLS contexts and endpoints of SSL clients
     *        (one each, in creation order; past the block's end automatic streams).
     * \param stream the first stream of the block
     * \return the size of the block (1000)
     */
    int64_t AssignStreams(int64_t stream) override;

    /**
     * \brief Get the socket of a client ID.
     * \param clientId the ID
     * \return the socket, or nullptr outside the profile's range
     */
    Ptr<ModuleSocket> GetSocket(uint32_t clientId) const;

    /**
     * \brief Get the TLS endpoint of a client ID (of its last open).
     * \param clientId the ID
     * \return the endpoint, or nullptr
     */
    Ptr<TlsEndpoint> GetEndpoint(uint32_t clientId) const;

    /// \brief \return the module's processor, shared by all TLS endpoints
    Ptr<ComputeResource> GetComputeResource() const;

    /**
     * \brief The one table from TLS failures to Quectel `<err>` codes (chapter 5), used by
     *        `+QSSLOPEN: <id>,<err>` and `AT+QIGETERROR`.
     *
     * The manual has no dedicated handshake or certificate code, so:
     * - NONE -> 0;
     * - TIMEOUT (negotiatetime expired, DTLS retransmissions exhausted) -> 569 (operation
     *   timeout);
     * - TRANSPORT_CLOSED (TCP closed or reset during the handshake) -> 566 (socket connection
     *   failed);
     * - every handshake failure: CERTIFICATE_VERIFY_FAILED, CERTIFICATE_EXPIRED,
     *   CERTIFICATE_NOT_YET_VALID, HOSTNAME_MISMATCH, UNKNOWN_CA, HANDSHAKE_FAILURE,
     *   PROTOCOL_VERSION, NO_SHARED_CIPHER, PSK_FAILURE, PEER_ALERT, BAD_RECORD -> 566 (the
     *   SSL connection could not be established).
     * Other codes of this set: 552 invalid parameter (also: the context's certificate, key or
     * PSK file is missing or unusable), 563 client ID in use, 565 DNS failure, 566 TCP connect
     * failure, 567 not connected (send), 570 PDP context not active or lost.
     * \param error the TLS error
     * \return the code
     */
    static uint32_t GetErrorCode(TlsError error);

    /**
     * \brief Build the TLS configuration of an open from an SSL context.
     *
     * sslversion 0 -> SSL 3.0 (OpenSSL 3 has none: the handshake fails); 1/2 -> TLS 1.0/1.1;
     * 3 -> TLS 1.2; 4 -> TLS 1.0 to 1.2; always `@SECLEVEL=0` (the module's TLS stack accepts
     * what its manual lists). dtlsversion 0/1/2 -> DTLS 1.0 / 1.2 / both. ciphersuite: one ID
     * -> its OpenSSL name (CipherSuiteTable); 0XFFFF -> every suite of the profile OpenSSL can
     * offer. seclevel 0 -> no verification, 1 -> verify the server with cacert, 2 -> also the
     * client certificate and key. Files are read as PEM from the module file system. sni ->
     * server_name = host (names only); checkhost -> host name verification against the host
     * typed; ignorelocaltime 0 -> validity checked at the module clock. dtls with a file
     * `<ctx>_server.psk` holding `<PSK_ID>&<hex key>` -> PSK.
     * \param ctx the SSL context ID
     * \param host the host as typed
     * \param[out] config the configuration
     * \param[out] suiteUnavailable true if the single suite configured cannot be offered (the
     *             handshake is then failed as the server would fail it)
     * \return "" or the reason the configuration is unusable
     */
    std::string BuildConfig(uint32_t ctx,
                            const std::string& host,
                            TlsConfig& config,
                            bool& suiteUnavailable) const;

  protected:
    void DoDispose() override;

  private:
    /// One client ID.
    struct Client
    {
        Ptr<ModuleSocket> socket;  //!< the transport and receive buffer
        Ptr<TlsEndpoint> endpoint; //!< TLS/DTLS of the current connection
        uint32_t ctx{0};           //!< SSL context ID
        std::string host;          //!< host as typed
        uint16_t port{0};          //!< remote port
        bool handshaking{false};   //!< TCP connected, handshake not yet complete
        bool transparent{false};   //!< opened in mode 2, waiting for the result
        bool session{false};       //!< session resumption on
        uint64_t seq{0};           //!< invalidates stale callbacks
        EventId negotiateTimer;    //!< negotiatetime
        EventId closeTimer;        //!< AT+QSSLCLOSE close_timeout
    };

    void Fail(uint32_t code);
    bool ParseId(const AtParameter& p, uint32_t& id) const;
    Ptr<TlsContext> GetContext(uint32_t ctx, const TlsConfig& config, std::string& error);
    void Connected(uint32_t id, uint64_t seq, Ptr<TlsContext> tls, bool suiteUnavailable);
    void HandshakeDone(uint32_t id, uint64_t seq, bool resumed);
    void HandshakeFailed(uint32_t id, uint64_t seq, TlsError error, std::string detail);
    void ConnectionClosed(uint32_t id, uint64_t seq, bool clean);
    void NegotiateTimeout(uint32_t id, uint64_t seq);
    void EndOpen(uint32_t id, uint32_t err);
    void Release(uint32_t id);
    void OnPdpDeactivated(uint32_t cid, bool byNetwork);

    void Qsslopen(const AtCommand& c);
    void Qsslsend(const AtCommand& c);
    void Qsslrecv(const AtCommand& c);
    void Qsslclose(const AtCommand& c);
    /**
     * \brief End a waiting `AT+QSSLCLOSE`: the peer closed too, or close_timeout passed.
     * \param id the client ID
     * \param seq the connection's sequence number when the close started
     */
    void CloseDone(uint32_t id, uint64_t seq);
    void Qsslstate(const AtCommand& c);

    Ptr<LpwaModule> m_module;       //!< the module
    Ptr<QuectelDataPath> m_path;    //!< shared data path
    bool m_ownPath{false};          //!< m_path made here (no QuectelSocketCommands)
    std::vector<Client> m_clients;  //!< by client ID
    Ptr<CryptoCostModel> m_cost;    //!< the MCU's crypto costs
    Ptr<ComputeResource> m_compute; //!< the MCU
    StreamBlock m_tlsStreams;       //!< streams of the TLS contexts and endpoints (AssignStreams())
    /// Per SSL context: the configuration text it was built from, and the TLS context.
    std::map<uint32_t, std::pair<std::string, Ptr<TlsContext>>> m_tlsContexts;
    /// Last session per (ctx, host, port).
    std::map<std::tuple<uint32_t, std::string, uint16_t>, Ptr<TlsSession>> m_sessions;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_QUECTEL_SSL_SOCKET_COMMANDS_H
