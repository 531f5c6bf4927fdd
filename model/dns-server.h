/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_DNS_SERVER_H
#define LPWA_DNS_SERVER_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <list>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The network's DNS server: answers A queries over UDP from a static table.
 *
 * It stands for the resolver the mobile network hands out with the PDP context; from the
 * module's point of view it answers recursively (responses carry RA=1). The table maps names,
 * compared case-insensitively, to one or more IPv4 addresses, all returned in the order added
 * with the same `Ttl`.
 *
 * Each query is answered `ProcessingDelay` after it arrives:
 *  - a known name with QTYPE A, class IN: NOERROR with its addresses;
 *  - a known name with another QTYPE or class: NOERROR with no answers (NODATA);
 *  - an unknown name: NXDOMAIN;
 *  - a message with a readable header that is not a well-formed standard query: FORMERR,
 *    without a question section;
 *  - anything shorter than a header, and any response (QR=1): dropped;
 *  - with `ServFail` set: SERVFAIL to every well-formed query.
 */
class DnsServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DnsServer();
    ~DnsServer() override;

    /**
     * \brief Add an address for a name. Adding an address the name already has does nothing.
     * \param name a valid DNS name (DnsMessage::IsValidName()), any letter case
     * \param addr the IPv4 address to return for it
     */
    void AddRecord(const std::string& name, Ipv4Address addr);

    /**
     * \brief Remove every address of a name; later queries for it get NXDOMAIN.
     * \param name the name, any letter case; an unknown name is ignored
     */
    void RemoveRecord(const std::string& name);

    /**
     * \brief Get the addresses a name resolves to.
     * \param name the name, any letter case
     * \return its addresses in the order added; empty if the name is unknown
     */
    std::vector<Ipv4Address> GetAddresses(const std::string& name) const;

    /**
     * \brief TracedCallback signature for the Query trace source.
     * \param name the question name, in lower case
     * \param from the address the query came from
     */
    typedef void (*QueryTracedCallback)(std::string name, Ipv4Address from);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief Socket receive callback: reads and answers every pending datagram.
     * \param socket the server socket
     */
    void HandleRead(Ptr<Socket> socket);

    /**
     * \brief Send a response after the processing delay.
     * \param wire the encoded response
     * \param to the client's address and port
     */
    void SendResponse(std::vector<uint8_t> wire, Address to);

    uint16_t m_port;                                           //!< Port attribute
    uint32_t m_ttl;                                            //!< Ttl attribute, seconds
    Time m_processingDelay;                                    //!< ProcessingDelay attribute
    bool m_servFail;                                           //!< ServFail attribute
    Ptr<Socket> m_socket;                                      //!< the listening UDP socket
    std::map<std::string, std::vector<Ipv4Address>> m_records; //!< name -> addresses
    std::list<EventId> m_pendingResponses;                     //!< responses not yet sent

    /// Fired for every well-formed query received: name and source address.
    TracedCallback<std::string, Ipv4Address> m_queryTrace;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_DNS_SERVER_H
