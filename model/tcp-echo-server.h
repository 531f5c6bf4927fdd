/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TCP_ECHO_SERVER_H
#define LPWA_TCP_ECHO_SERVER_H

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

namespace ns3
{
namespace lpwa
{

/**
 * \brief A TCP echo server (RFC 862) for the modules' TCP sockets to talk to.
 *
 * It listens on `Port`, accepts any number of connections and sends every byte it receives
 * back on the same connection, in order. It respects TCP backpressure: bytes the socket cannot
 * take yet (Send() would fail for lack of transmit buffer) wait in a per-connection buffer and
 * go out from the socket's send callback. The buffer holds at most `MaxBuffer` bytes; when it
 * is full the server stops reading that connection, so unread bytes stay in TCP's receive
 * buffer and the advertised window closes on the peer: backpressure reaches the sender instead
 * of memory growing. Reading resumes when the buffer drains.
 *
 * When the peer closes (FIN), the server echoes what it still holds and then closes its side.
 * With `CloseAfter` > 0 the server itself closes each connection (FIN, after any data TCP
 * already accepted) that long after accepting it, dropping bytes it has not yet handed to TCP;
 * this models a server hanging up (the module reports "closed" / NO CARRIER). If unread bytes
 * are still in TCP's receive buffer at that moment (MaxBuffer full), ns-3 TCP sends RST instead
 * of FIN, as Linux does.
 *
 * UDP echo is ns-3's UdpEchoServer.
 */
class TcpEchoServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpEchoServer();
    ~TcpEchoServer() override;

    /**
     * \brief Get the number of connections currently open (accepted and not yet closed by the
     * server).
     * \return the number of open connections
     */
    uint32_t GetConnectionCount() const;

    /**
     * \brief Get the number of connections accepted since the application started.
     * \return the number of accepted connections
     */
    uint32_t GetAcceptedCount() const;

    /**
     * \brief Get the total number of bytes echoed (handed to TCP) on all connections.
     * \return the byte count
     */
    uint64_t GetEchoedBytes() const;

    /**
     * \brief TracedCallback signature for the Accept trace source.
     * \param from the peer's address
     */
    typedef void (*AcceptTracedCallback)(const Address& from);

  protected:
    void DoDispose() override;

  private:
    /// State of one accepted connection.
    struct Connection
    {
        Address m_peer;           //!< the peer's address
        std::string m_buffer;     //!< bytes read but not yet accepted by Send()
        bool m_peerClosed{false}; //!< the peer sent FIN
        EventId m_closeEvent;     //!< CloseAfter expiry
    };

    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief Accept callback of the listening socket.
     * \param socket the new connection's socket
     * \param from the peer's address
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);

    /**
     * \brief Receive callback of a connection.
     * \param socket the connection's socket
     */
    void HandleRead(Ptr<Socket> socket);

    /**
     * \brief Send callback of a connection: transmit buffer space became available.
     * \param socket the connection's socket
     * \param available bytes of free transmit buffer
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);

    /**
     * \brief Normal close callback: the peer closed (FIN).
     * \param socket the connection's socket
     */
    void HandlePeerClose(Ptr<Socket> socket);

    /**
     * \brief Error close callback: the connection was reset or failed.
     * \param socket the connection's socket
     */
    void HandlePeerError(Ptr<Socket> socket);

    /**
     * \brief Move bytes: buffer -> socket, then socket -> buffer while there is room.
     * \param socket the connection's socket
     */
    void Pump(Ptr<Socket> socket);

    /**
     * \brief Close a connection from the server side and forget it.
     * \param socket the connection's socket
     */
    void CloseConnection(Ptr<Socket> socket);

    uint16_t m_port;                                 //!< Port attribute
    uint32_t m_maxBuffer;                            //!< MaxBuffer attribute, bytes
    Time m_closeAfter;                               //!< CloseAfter attribute
    Ptr<Socket> m_listener;                          //!< the listening socket
    std::map<Ptr<Socket>, Connection> m_connections; //!< open connections
    uint32_t m_accepted;                             //!< connections accepted
    uint64_t m_echoed;                               //!< bytes echoed

    /// Fired when a connection is accepted: the peer's address.
    TracedCallback<const Address&> m_acceptTrace;
    /// Fired for every chunk read from a connection: the bytes and the peer's address.
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TCP_ECHO_SERVER_H
