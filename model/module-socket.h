/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_MODULE_SOCKET_H
#define LPWA_MODULE_SOCKET_H

#include "state-transition-table.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief One connect ID of a module: an ns-3 TCP or UDP socket on the module's node, the
 *        receive buffer the host reads from, the byte counters and the socket state.
 *
 * The class owns the data path and knows nothing about AT syntax: the command sets
 * (QuectelSocketCommands, later the SSL commands) format the responses and URCs from its
 * callbacks and counters.
 *
 * Receive path: bytes read from the ns-3 socket go to a receive buffer of at most
 * `bufferSize` bytes (ModuleProfile::GetSocketReceiveBufferSize()). When it is full the socket
 * stops reading, so unread bytes stay in TCP's own receive buffer and TCP flow control acts on
 * the peer; Read() makes room and reading resumes. A RawReceiveHook, when set, takes the bytes
 * instead of the buffer (an SSL layer decrypts them and calls Deliver()).
 *
 * Transmit path: Send() hands a whole payload to the socket or refuses it when the socket's
 * transmit buffer cannot take it (`SEND FAIL`). WriteStream() is the transparent-mode path:
 * bytes are packetised, a packet leaving when `TransparentPacketSize` bytes are pending or
 * `TransparentWaitTime` after the first pending byte.
 *
 * State machine (GetTransitionTable()): INITIAL -> OPENING -> CONNECTED | LISTENING; a peer
 * close or a PDP loss -> CLOSING; the host's close -> INITIAL. Every change goes through
 * SwitchToState(), which rejects a transition missing from the table with NS_FATAL_ERROR and
 * fires the `StateTransition` trace. The numeric values are the `<socket_state>` of
 * `AT+QISTATE`.
 */
class ModuleSocket : public Object
{
  public:
    /// Socket state; the values are the `<socket_state>` of `AT+QISTATE` / `AT+QSSLSTATE`.
    enum State
    {
        INITIAL = 0,   //!< not opened
        OPENING = 1,   //!< connecting (or binding a listener)
        CONNECTED = 2, //!< connected
        LISTENING = 3, //!< listening
        CLOSING = 4,   //!< closed by the peer or the network, waiting for the host's close
        STATE_COUNT    //!< number of states
    };

    /// Transport protocol.
    enum Protocol
    {
        TCP,         //!< TCP client
        UDP,         //!< UDP "client" (connected UDP socket)
        TCP_LISTENER //!< TCP listener (accepts nothing in this model)
    };

    /// Data access mode (`<access_mode>`).
    enum AccessMode
    {
        BUFFER = 0,      //!< buffer access mode: the host reads with AT+QIRD
        DIRECT_PUSH = 1, //!< direct push: data goes out in URCs
        TRANSPARENT = 2  //!< transparent: data goes out in online data mode
    };

    /// Called when an open completes: true if connected (or listening), false if it failed.
    using OpenCallback = std::function<void(bool)>;
    /// Called when bytes were added to the receive buffer: count added, buffer was empty.
    using ReceiveCallback = std::function<void(uint32_t, bool)>;
    /// Called once when the peer closed the connection (FIN) or reset it.
    using PeerCloseCallback = std::function<void()>;
    /// Takes raw bytes from the network instead of the receive buffer (e.g. TLS records).
    using RawReceiveHook = std::function<void(const std::string&)>;
    /// Takes the bytes of Send(), SendRaw() and WriteStream(); returns how many it accepted,
    /// or -1.
    using TransmitHook = std::function<int(const std::string&)>;
    /// How many bytes the transmit hook takes whole now (e.g. TlsEndpoint::GetTxAvailable).
    using TransmitRoom = std::function<uint32_t()>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ModuleSocket();
    ~ModuleSocket() override;

    /**
     * \brief Set the socket's identity and limits (before Open()).
     * \param node the module's node, whose IP stack carries the socket
     * \param connectId the connect ID (`<connectID>` / `<clientID>`)
     * \param bufferSize the receive buffer size, bytes
     */
    void Setup(Ptr<Node> node, uint32_t connectId, uint32_t bufferSize);

    /**
     * \brief Open the socket: INITIAL -> OPENING, then the callback with the result
     *        (CONNECTED / LISTENING, or back to INITIAL on failure or `ConnectTimeout`).
     *        Counters and buffers are reset.
     * \param protocol TCP, UDP or TCP_LISTENER
     * \param remote the remote address (ignored for a listener)
     * \param remotePort the remote port (ignored for a listener)
     * \param localPort the local port (a listener's port), 0 for an ephemeral one
     * \param cid the PDP context the socket uses
     * \param done called with the result, never from inside Open()
     * \return false if the ns-3 socket could not be created or bound (still in INITIAL)
     */
    bool Open(Protocol protocol,
              Ipv4Address remote,
              uint16_t remotePort,
              uint16_t localPort,
              uint32_t cid,
              OpenCallback done);

    /**
     * \brief Claim the connect ID without a socket (INITIAL -> OPENING) while something else
     *        (a DNS lookup) completes before Open() continues with Connect().
     * \param cid the PDP context
     */
    void Reserve(uint32_t cid);

    /**
     * \brief The host's close: close the ns-3 socket, drop buffered data, back to INITIAL.
     *        Does nothing in INITIAL.
     */
    void Close();

    /**
     * \brief The connection is gone (peer close or PDP loss) but the ID stays claimed until
     *        the host closes it: CONNECTED / OPENING / LISTENING -> CLOSING. The ns-3 socket is
     *        closed when `abortConnection` is true (PDP loss); buffered data stays readable.
     * \param abortConnection close the ns-3 socket too
     */
    void MarkClosing(bool abortConnection);

    /**
     * \brief Send a whole payload.
     * \param data the bytes
     * \return true if the socket took all of them; false if not connected or the transmit
     *         buffer has no room (nothing is sent)
     */
    bool Send(const std::string& data);

    /**
     * \brief Transparent-mode transmit: queue bytes, packetised by `TransparentPacketSize`
     *        and `TransparentWaitTime`.
     * \param data the bytes
     */
    void WriteStream(const std::string& data);

    /// \brief Send what WriteStream() holds now (e.g. when leaving transparent mode).
    void FlushStream();

    /**
     * \brief Take bytes from the receive buffer.
     * \param maxLength the most to take
     * \return the bytes (empty if the buffer is empty)
     */
    std::string Read(uint32_t maxLength);

    /**
     * \brief Put bytes into the receive buffer as if they came from the network (used by a
     *        layer set with SetRawReceiveHook(), e.g. decrypted TLS data). Bytes past the
     *        buffer size are dropped.
     * \param data the bytes
     */
    void Deliver(const std::string& data);

    /**
     * \brief Send raw bytes on the socket regardless of the transmit checks of Send() (used by
     *        a layer such as TLS for its own records).
     * \param data the bytes
     * \return the byte count the socket accepted, or -1
     */
    int SendRaw(const std::string& data);

    /**
     * \brief Divert received bytes to a hook instead of the receive buffer.
     * \param hook the hook; an empty function restores the buffer
     */
    void SetRawReceiveHook(RawReceiveHook hook);
    /**
     * \brief Hand the ns-3 socket to a layer that took it over (e.g. a TlsEndpoint, which
     *        replaces the socket's callbacks): Send(), SendRaw() and WriteStream() bytes go to
     *        the hook instead of the socket, the socket is no longer read here (the layer
     *        calls Deliver(), and MarkClosing() when the connection ends). Close() clears the
     *        hook. Send() takes a block only whole: it asks \p room first and refuses (false,
     *        nothing sent) a block larger than the room, as it refuses one larger than the
     *        socket's GetTxAvailable() on the plain path.
     * \param hook the hook; an empty function restores the plain socket path
     * \param room the hook's free room in bytes; required with a hook
     */
    void SetTransmitHook(TransmitHook hook, TransmitRoom room);
    /**
     * \brief The layer behind the transmit hook has room again: transparent-mode bytes that
     *        waited for it go now (the plain path learns this from the socket's send callback).
     */
    void NotifyTransmitRoom();
    /**
     * \brief Set the callback for data added to the receive buffer.
     * \param cb the callback
     */
    void SetReceiveCallback(ReceiveCallback cb);
    /**
     * \brief Set the callback for a peer close.
     * \param cb the callback
     */
    void SetPeerCloseCallback(PeerCloseCallback cb);

    /**
     * \brief Move to another state. Fires `StateTransition`.
     * \param next the next state; NS_FATAL_ERROR if the table does not allow it
     */
    void SwitchToState(State next);

    /// \brief \return the state
    State GetState() const;
    /// \brief \return the connect ID
    uint32_t GetConnectId() const;
    /// \brief \return the PDP context ID used
    uint32_t GetContextId() const;
    /// \brief \return the protocol
    Protocol GetProtocol() const;
    /// \brief \return the access mode
    AccessMode GetAccessMode() const;
    /**
     * \brief Set the access mode (the socket does not act on it; the command set does).
     * \param mode the mode
     */
    void SetAccessMode(AccessMode mode);
    /// \brief \return the remote address
    Ipv4Address GetRemoteAddress() const;
    /// \brief \return the remote port
    uint16_t GetRemotePort() const;
    /// \brief \return the local port (0 before the socket is bound)
    uint16_t GetLocalPort() const;

    /// \brief \return bytes received into the buffer since the open (`<total_receive_length>`)
    uint64_t GetTotalReceived() const;
    /// \brief \return bytes the host has read (`<have_read_length>`)
    uint64_t GetTotalRead() const;
    /// \brief \return bytes waiting in the buffer (`<unread_length>`)
    uint32_t GetUnread() const;
    /// \brief \return bytes handed to the socket since the open (`<total_send_length>`)
    uint64_t GetTotalSent() const;
    /// \brief \return bytes sent and acknowledged by the peer (UDP: all sent bytes)
    uint64_t GetAcked() const;
    /// \brief \return bytes sent but not yet acknowledged (UDP: 0)
    uint64_t GetUnacked() const;

    /// \brief \return the underlying ns-3 socket (null when not open)
    Ptr<Socket> GetSocket() const;

    /**
     * \brief The name of a state, for traces and graphs.
     * \param state the state
     * \return its name
     */
    static std::string GetStateName(State state);

    /// \brief \return the socket transition table (also a Boost.Graph graph)
    static const StateTransitionTable<State>& GetTransitionTable();

    /// TracedCallback signature for state transitions.
    typedef void (*StateTransitionTracedCallback)(uint32_t connectId, State from, State to);

  protected:
    void DoDispose() override;

  private:
    void ConnectSucceeded(Ptr<Socket> socket);
    void ConnectFailed(Ptr<Socket> socket);
    void ConnectTimedOut();
    void CompleteOpen(bool ok);
    void HandleRead(Ptr<Socket> socket);
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /// \return the bytes the transmit path takes now: the hook's room or the socket's
    uint32_t GetTransmitRoom() const;
    void HandlePeerClose(Ptr<Socket> socket);
    void PumpReceive();
    void ReleaseSocket();
    void TransmitStream();

    Ptr<Node> m_node;                                    //!< the module's node
    uint32_t m_connectId{0};                             //!< connect ID
    uint32_t m_bufferSize{10240};                        //!< receive buffer size
    uint32_t m_cid{1};                                   //!< PDP context
    Protocol m_protocol{TCP};                            //!< protocol
    AccessMode m_accessMode{BUFFER};                     //!< access mode
    State m_state{INITIAL};                              //!< state
    Ptr<Socket> m_socket;                                //!< the ns-3 socket
    Ipv4Address m_remote;                                //!< remote address
    uint16_t m_remotePort{0};                            //!< remote port
    uint16_t m_localPort{0};                             //!< local port
    std::string m_rxBuffer;                              //!< received, not yet read
    std::string m_txStream;                              //!< transparent-mode bytes not yet sent
    uint64_t m_totalReceived{0};                         //!< counter
    uint64_t m_totalRead{0};                             //!< counter
    uint64_t m_totalSent{0};                             //!< counter
    bool m_peerClosed{false};                            //!< peer close seen
    EventId m_connectTimer;                              //!< ConnectTimeout
    EventId m_streamTimer;                               //!< TransparentWaitTime
    EventId m_pumpEvent;                                 //!< deferred PumpReceive
    EventId m_openEvent;                                 //!< deferred open result
    OpenCallback m_openDone;                             //!< open result
    ReceiveCallback m_receiveCb;                         //!< data arrived
    PeerCloseCallback m_peerCloseCb;                     //!< peer closed
    RawReceiveHook m_rawHook;                            //!< raw receive diversion
    TransmitHook m_txHook;                               //!< transmit diversion (TLS)
    TransmitRoom m_txRoom;                               //!< the diversion's free room
    Time m_connectTimeout;                               //!< ConnectTimeout attribute
    uint32_t m_packetSize{1024};                         //!< TransparentPacketSize attribute
    Time m_waitTime;                                     //!< TransparentWaitTime attribute
    uint32_t m_tcpRetries{12};                           //!< TcpMaxRetransmissions attribute
    Time m_tcpMaxRto{Seconds(60)};                       //!< TcpMaxRto attribute
    TracedCallback<uint32_t, State, State> m_stateTrace; //!< StateTransition
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_MODULE_SOCKET_H
