/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_DATAGRAM_DEMUX_SOCKET_H
#define LPWA_DATAGRAM_DEMUX_SOCKET_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstdint>
#include <deque>
#include <utility>

namespace ns3
{
namespace lpwa
{

/**
 * \brief One peer's share of a UDP socket that several peers talk to (a DTLS server port).
 *
 * The owner reads the real UDP socket and hands each datagram to the child socket of its
 * sender (Deliver()); the child queues it and fires its receive callback, so a TlsEndpoint can
 * run over it exactly as over a UDP socket of its own. Sends go out through the shared socket.
 * Close() only detaches the child (the shared socket stays open) and tells the owner through
 * the close callback given to SetParent(). Bind, Listen and broadcast are not supported.
 */
class DatagramDemuxSocket : public Socket
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DatagramDemuxSocket();
    ~DatagramDemuxSocket() override;

    /**
     * \brief Attach to the shared socket.
     * \param shared the UDP socket (bound); fatal error if null
     * \param peer the peer this child serves
     * \param closed called once when Close() is called (may be null)
     */
    void SetParent(Ptr<Socket> shared,
                   const Address& peer,
                   Callback<void, Ptr<DatagramDemuxSocket>> closed);

    /**
     * \brief Queue a datagram from the peer and notify the receiver.
     * \param packet the datagram
     * \param from the sender's address
     */
    void Deliver(Ptr<Packet> packet, const Address& from);

    /**
     * \brief Get the peer this child serves.
     * \return the address given to SetParent()
     */
    const Address& GetPeer() const;

    /**
     * \brief Tell whether Close() was called.
     * \return true once closed
     */
    bool IsClosed() const;

    Socket::SocketErrno GetErrno() const override;
    Socket::SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<Socket> m_shared;                                        //!< the real UDP socket
    Address m_peer;                                              //!< the peer
    Callback<void, Ptr<DatagramDemuxSocket>> m_closed;           //!< close notification
    std::deque<std::pair<Ptr<Packet>, Address>> m_rx;            //!< datagrams not yet read
    uint32_t m_rxBytes{0};                                       //!< bytes in m_rx
    bool m_isClosed{false};                                      //!< Close() was called
    mutable Socket::SocketErrno m_errno{Socket::ERROR_NOTERROR}; //!< last error
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_DATAGRAM_DEMUX_SOCKET_H
