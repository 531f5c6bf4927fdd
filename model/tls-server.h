/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_SERVER_H
#define LPWA_TLS_SERVER_H

#include "compute-resource.h"
#include "crypto-cost-model.h"
#include "datagram-demux-socket.h"
#include "tls-config.h"
#include "tls-context.h"
#include "tls-endpoint.h"
#include "tls-error.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A TLS server (and, with `Dtls`, a DTLS server) for the modules' SSL sockets to talk
 * to, with a model of the server's CPU.
 *
 * It listens on TCP `Port` and, when `Dtls` is true, on UDP `Port` too. Every connection is a
 * TlsEndpoint on one shared TlsContext (the `Context` attribute: its SessionLifetime,
 * SessionCacheSize and TicketsEnabled attributes are the server's session cache), configured
 * at start from the TlsConfig given to SetConfig(). DTLS runs on a second context built from
 * the same configuration (versions mapped to their DTLS counterparts) with the same cache
 * attributes; the peers of the one UDP socket are told apart by address (DatagramDemuxSocket).
 *
 * After the handshake each connection does what `Behaviour` says: ECHO sends every byte back,
 * SINK only counts, FIXED_RESPONSE answers each chunk received with `ResponseSize` bytes.
 *
 * CPU: all connections share one ComputeResource of `Cores` cores and one CryptoCostModel of
 * `CpuClass`; every endpoint gets TlsEndpoint::SetCompute(), so under a connection storm the
 * handshakes' flights queue for the cores (FIFO) and HandshakeCompleted reports how long the
 * connection's flights waited for a core.
 *
 * Admission: with `MaxNewConnectionsPerSecond` > 0 new connections (TCP accepts, DTLS first
 * datagrams from an unknown peer) pass a token bucket: it holds at most `RateLimitBurst`
 * tokens (0: one second's worth, rounded up), starts full, refills continuously at the rate,
 * and each admitted connection takes one token. A TCP connection that finds no token is
 * closed right after the accept (FIN, no TLS byte); a DTLS datagram is dropped. Either is
 * counted and traced (ConnectionRefused). A token bucket is what rate-limited IoT brokers
 * describe (AWS IoT: 500 CONNECT/s per account, calibration.md) and, unlike a fixed
 * one-second window, does not admit two bursts back to back across a window edge.
 *
 * Robustness: a client that disconnects mid-handshake or sends garbage only ends its own
 * connection (HandshakeFailed); Stop closes every connection (close_notify after the
 * handshake, abort during it) and the listening sockets.
 */
class TlsServer : public Application
{
  public:
    /// What the server does with application data.
    enum Behaviour
    {
        ECHO,           //!< send every byte back
        SINK,           //!< read and count only
        FIXED_RESPONSE, //!< answer each chunk received with ResponseSize bytes
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsServer();
    ~TlsServer() override;

    /**
     * \brief Set the server's TLS configuration (certificate chain and key, CA and client-auth
     * policy, PSK table, versions, ciphers...). Used when the application starts.
     * \param config the configuration; role must be SERVER (fatal error otherwise)
     */
    void SetConfig(const TlsConfig& config);

    /**
     * \brief Get the configuration given to SetConfig().
     * \return the configuration
     */
    const TlsConfig& GetConfig() const;

    /**
     * \brief Get the shared TLS context (the `Context` attribute; configured at start).
     * \return the context
     */
    Ptr<TlsContext> GetContext() const;

    /**
     * \brief Get the DTLS context (exists after start when `Dtls` is true).
     * \return the context, or null
     */
    Ptr<TlsContext> GetDtlsContext() const;

    /**
     * \brief Also accept TLS connections (TCP, `Port`) on another node's IPv4 stack: one
     *        server machine reached at several network nodes, whose connections all share
     *        this application's cores, admission bucket, session cache and traces. A node's
     *        TCP demultiplexer in ns-3 searches a list of all its connections for each
     *        segment, so a server holding thousands of connections is faster split across
     *        nodes. DTLS stays on the application's own node. Call before start.
     * \param node a node with a TCP stack (NS_FATAL_ERROR if null, this application's node,
     *        added twice, without TCP, or after start)
     */
    void AddListeningNode(Ptr<Node> node);

    /// \brief \return the nodes the server accepts TCP connections on (its own included)
    uint32_t GetListeningNodeCount() const;

    /**
     * \brief Get the server's processor (exists after start).
     * \return the compute resource, or null before start
     */
    Ptr<ComputeResource> GetComputeResource() const;

    /**
     * \brief Get the server's crypto cost model (exists after start).
     * \return the cost model, or null before start
     */
    Ptr<CryptoCostModel> GetCostModel() const;

    /**
     * \brief Get the connections admitted (TCP accepts and DTLS peers) since start.
     * \return the count
     */
    uint32_t GetAcceptedCount() const;

    /**
     * \brief Get the connections refused by the rate limit.
     * \return the count
     */
    uint32_t GetRefusedCount() const;

    /**
     * \brief Get the connections closed by the IdleTimeout attribute.
     * \return the count (handshakes that timed out included)
     */
    uint32_t GetIdleClosedCount() const;

    /**
     * \brief Get the handshakes that completed.
     * \return the count (resumed ones included)
     */
    uint32_t GetHandshakeCount() const;

    /**
     * \brief Get the completed handshakes that resumed a session.
     * \return the count
     */
    uint32_t GetResumedCount() const;

    /**
     * \brief Get the handshakes that failed (errors, garbage, peers gone, Stop).
     * \return the count
     */
    uint32_t GetFailedCount() const;

    /**
     * \brief Get the connections currently open (handshaking or established).
     * \return the count
     */
    uint32_t GetConnectionCount() const;

    /**
     * \brief Get the plaintext bytes received on all connections.
     * \return the count
     */
    uint64_t GetRxBytes() const;

    /**
     * \brief Get the plaintext bytes sent (accepted by the endpoints) on all connections.
     * \return the count
     */
    uint64_t GetTxBytes() const;

    /**
     * \brief Get the core time the server's processor has been busy so far (all cores).
     * \return busy core-seconds (ComputeResource::GetBusyTime()); 0 before start
     */
    Time GetCpuBusyTime() const;

    /**
     * \brief Get the modelled CPU cost of each completed handshake, in completion order.
     * \return the server-side costs (TlsEndpoint::GetHandshakeComputeTime())
     */
    const std::vector<Time>& GetHandshakeCpuCosts() const;

    /**
     * \brief Get the sum of the server-side CPU cost of all handshakes, failed ones included.
     * \return the total
     */
    Time GetHandshakeCpuTime() const;

    /**
     * \brief Use fixed ns-3 random streams: the TLS context, the DTLS context, then one per
     * connection in admission order for the first `ConnectionStreams` connections.
     * \param stream the first stream index
     * \return the number of streams used (2 + ConnectionStreams)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief TracedCallback signature for HandshakeStarted and ConnectionRefused.
     * \param peer the client's address
     */
    typedef void (*PeerTracedCallback)(const Address& peer);

    /**
     * \brief TracedCallback signature for IdleTimeout.
     * \param peer the client's address
     * \param completed whether the connection's handshake had completed
     */
    typedef void (*IdleTimeoutTracedCallback)(const Address& peer, bool completed);

    /**
     * \brief TracedCallback signature for HandshakeCompleted.
     * \param peer the client's address
     * \param resumed whether a session was resumed
     * \param duration from admission to completion
     * \param queueWait how long the connection's flights waited for a core
     */
    typedef void (*HandshakeCompletedTracedCallback)(const Address& peer,
                                                     bool resumed,
                                                     Time duration,
                                                     Time queueWait);

    /**
     * \brief TracedCallback signature for HandshakeFailed.
     * \param peer the client's address
     * \param error the classified error
     */
    typedef void (*HandshakeFailedTracedCallback)(const Address& peer, TlsError error);

  protected:
    void DoDispose() override;

  private:
    /// State of one connection.
    struct Connection
    {
        Ptr<TlsEndpoint> endpoint; //!< the TLS/DTLS endpoint
        Ptr<Socket> socket;        //!< accepted TCP socket or DTLS demux child
        Address peer;              //!< the client's address
        bool datagram{false};      //!< DTLS
        Time startedAt;            //!< admission time
        Time queueWait;            //!< time its flights waited for a core
        bool completed{false};     //!< handshake completed
        std::string out;           //!< response bytes not yet accepted by the endpoint
        Time lastActivity;         //!< admission, handshake completion or last data received
        EventId idleEvent;         //!< the IdleTimeout check
    };

    /// A started compute job, waiting to be matched with its end.
    struct StartedJob
    {
        Time start;     //!< start time
        Time queueWait; //!< its wait
    };

    void StartApplication() override;
    void StopApplication() override;

    /// Check attributes and build contexts, cost model and compute resource.
    void Setup();
    /// IdleTimeout: close the connection if it has been idle that long, else check again.
    void CheckIdle(uint64_t id);
    /// Token bucket: admit one new connection now?
    bool Admit();
    /// TCP accept callback.
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /// UDP receive callback (DTLS).
    void HandleUdpRead(Ptr<Socket> socket);
    /// A DTLS child socket was closed by its endpoint.
    void HandleChildClosed(Ptr<DatagramDemuxSocket> child);
    /// Create, hook and start the endpoint of a new connection.
    uint64_t StartConnection(Ptr<Socket> socket, const Address& peer, bool datagram);
    /// Endpoint HandshakeCompleted.
    void OnCompleted(uint64_t id, bool resumed);
    /// Endpoint HandshakeFailed.
    void OnFailed(uint64_t id, TlsError error, std::string detail);
    /// Endpoint DataReceived.
    void OnData(uint64_t id, std::string data);
    /// Endpoint Closed.
    void OnClosed(uint64_t id, bool clean);
    /// Endpoint TransportTx (compute-job attribution).
    void OnTransportTx(uint64_t id, std::string bytes);
    /// Hand a connection's pending response to its endpoint.
    void Flush(uint64_t id);
    /// Charge the compute job that just ended to a connection.
    void Attribute(Connection& connection);
    /// Forget a connection (after its callbacks returned).
    void Retire(uint64_t id);
    /// ComputeResource JobStart.
    void OnJobStart(Time queueWait);
    /// ComputeResource JobEnd.
    void OnJobEnd(Time work);

    uint16_t m_port{443};                         //!< Port attribute
    bool m_dtls{false};                           //!< Dtls attribute
    Behaviour m_behaviour{ECHO};                  //!< Behaviour attribute
    uint32_t m_responseSize{0};                   //!< ResponseSize attribute
    uint32_t m_cores{1};                          //!< Cores attribute
    std::string m_cpuClass;                       //!< CpuClass attribute
    double m_maxRate{0};                          //!< MaxNewConnectionsPerSecond attribute
    uint32_t m_burst{0};                          //!< RateLimitBurst attribute
    uint32_t m_connectionStreams{0};              //!< ConnectionStreams attribute
    Time m_idleTimeout;                           //!< IdleTimeout attribute (0: never)
    Ptr<TlsContext> m_context;                    //!< Context attribute (TLS)
    Ptr<TlsContext> m_dtlsContext;                //!< DTLS context
    TlsConfig m_config;                           //!< SetConfig()
    bool m_configSet{false};                      //!< SetConfig() called
    bool m_setUp{false};                          //!< Setup() done
    bool m_running{false};                        //!< between start and stop
    int64_t m_streamBase{-1};                     //!< AssignStreams() base (-1: none)
    Ptr<CryptoCostModel> m_cost;                  //!< cost model
    Ptr<ComputeResource> m_cpu;                   //!< processor
    std::vector<Ptr<Socket>> m_listeners;         //!< TCP listening sockets, own node first
    std::vector<Ptr<Node>> m_listeningNodes;      //!< AddListeningNode() nodes
    Ptr<Socket> m_udp;                            //!< UDP socket (DTLS)
    double m_tokens{0};                           //!< token bucket level
    Time m_tokensAt;                              //!< time of m_tokens
    uint64_t m_nextId{0};                         //!< next connection id
    std::map<uint64_t, Connection> m_connections; //!< open connections
    std::map<Address, uint64_t> m_dtlsPeers;      //!< DTLS peer -> connection id
    std::vector<Connection> m_retired;            //!< ended, kept until dispose
    std::vector<StartedJob> m_started;            //!< jobs running, by start
    bool m_jobEnding{false};                      //!< a job just ended (this event)
    Time m_endingWait;                            //!< its queue wait
    uint32_t m_accepted{0};                       //!< admitted connections
    uint32_t m_refused{0};                        //!< refused connections
    uint32_t m_idleClosed{0};                     //!< closed by IdleTimeout
    uint32_t m_completed{0};                      //!< handshakes completed
    uint32_t m_resumed{0};                        //!< of which resumed
    uint32_t m_failed{0};                         //!< handshakes failed
    uint64_t m_rxBytes{0};                        //!< plaintext received
    uint64_t m_txBytes{0};                        //!< plaintext sent
    std::vector<Time> m_handshakeCosts;           //!< per completed handshake
    Time m_handshakeCpu;                          //!< all handshakes' CPU

    TracedCallback<const Address&> m_handshakeStartedTrace;                     //!< started
    TracedCallback<const Address&, bool, Time, Time> m_handshakeCompletedTrace; //!< completed
    TracedCallback<const Address&, TlsError> m_handshakeFailedTrace;            //!< failed
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace;                //!< Rx
    TracedCallback<const Address&> m_refusedTrace;                              //!< refused
    TracedCallback<const Address&, bool> m_idleTimeoutTrace;                    //!< idle close
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_SERVER_H
