/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_MODULE_TCP_SOCKET_H
#define LPWA_MODULE_TCP_SOCKET_H

#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/tcp-socket-base.h"

namespace ns3
{
namespace lpwa
{

/**
 * \brief The module's TCP socket: ns-3's TcpSocketBase with a configurable maximum
 *        retransmission timeout (AT+QICFG="tcp/retranscfg" <max_rto>).
 *
 * ns-3 3.37's TcpSocketBase doubles the retransmission timeout up to a fixed 60 s for data
 * and backs the SYN off without a bound. A module's stack bounds both by <max_rto>
 * (5-1000 x 100 ms on Quectel modules). After every step of the base class that sets the
 * timeout or schedules the retransmission timer (sending a segment or a SYN/FIN, a new
 * acknowledgement, an RTT estimate, a retransmission timeout), the timeout is clamped to
 * MaxRto and a timer that would expire later than MaxRto from now is moved to MaxRto from
 * now, as a stack that computes min(rto, max_rto) does. Everything else is ns-3's TCP.
 *
 * Create() builds the socket as TcpL4Protocol::CreateSocket() does (the node's RTT
 * estimator, congestion control and recovery types) and registers it with the node's TCP.
 */
class ModuleTcpSocket : public TcpSocketBase
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \brief Constructor. */
    ModuleTcpSocket();

    /**
     * \brief Copy constructor, used by Fork() for a listening socket's children.
     * \param sock the socket to copy
     */
    ModuleTcpSocket(const ModuleTcpSocket& sock);

    /** \brief Destructor. */
    ~ModuleTcpSocket() override;

    /**
     * \brief Create a socket on \p node, configured like one from the node's TcpL4Protocol.
     *
     * \param node a node with an internet stack (NS_FATAL_ERROR without TcpL4Protocol)
     * \return the socket
     */
    static Ptr<ModuleTcpSocket> Create(Ptr<Node> node);

    /**
     * \brief Set the largest retransmission timeout (attribute MaxRto).
     * \param maxRto a positive time (NS_FATAL_ERROR otherwise)
     */
    void SetMaxRto(Time maxRto);

    /**
     * \brief Get the largest retransmission timeout.
     * \return MaxRto
     */
    Time GetMaxRto() const;

    /**
     * \brief Get the current retransmission timeout (for tests and observers).
     * \return the timeout the next retransmission timer will use
     */
    Time GetCurrentRto() const;

  protected:
    Ptr<TcpSocketBase> Fork() override;
    uint32_t SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck) override;
    void SendEmptyPacket(uint8_t flags) override;
    void EstimateRtt(const TcpHeader& tcpHeader) override;
    void NewAck(const SequenceNumber32& seq, bool resetRTO) override;
    void ReTxTimeout() override;

  private:
    /** \brief Bound the timeout and the running retransmission timer by MaxRto. */
    void ClampRto();

    Time m_maxRto{Seconds(60)}; //!< MaxRto attribute
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_MODULE_TCP_SOCKET_H
