/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_DNS_RESOLVER_H
#define LPWA_DNS_RESOLVER_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
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
 * \brief The module's stub resolver: turns a host name into IPv4 addresses by asking one DNS
 * server over UDP (the `AT+QIDNSGIP` / `AT+MDNSGIP` machinery, and the implicit lookup of
 * `AT+QIOPEN` with a host name).
 *
 * Each Resolve() sends a standard A query (DnsMessage) to `Server`:`ServerPort` and waits
 * `Timeout` for the answer; with no answer it sends the same query again (same ID), up to
 * `Retries` more times, then reports TIMEOUT, `Timeout x (Retries + 1)` after the call.
 * Concurrent resolutions are told apart by the DNS ID, taken from a counter (1, 2, 3, ...,
 * skipping IDs still in use) rather than from randomness, so runs are deterministic. A response
 * is accepted only from the server's address and port, with a pending ID and the same question
 * name. ICMP errors are ignored (a stub resolver waits for its timeout).
 *
 * Results:
 *  - SUCCESS: NOERROR with at least one A record; ttl is the smallest TTL among them;
 *  - NOT_FOUND: NXDOMAIN, NOERROR without A records, or a name that is not a valid DNS name
 *    (reported without a query);
 *  - TIMEOUT: no answer after all attempts;
 *  - NETWORK_ERROR: the node has no IPv4 stack, no route to the server (no address yet), or the
 *    socket refused to send;
 *  - SERVER_FAILURE: any other RCODE (SERVFAIL, FORMERR, REFUSED, ...).
 *
 * A dotted-quad name (e.g. "10.1.1.2") is SUCCESS with that address and ttl 0, without a
 * query. With `CacheEnabled`, successful answers are kept for their TTL in simulated time and
 * a later Resolve() of the same name (any case) is answered from the cache, without traffic,
 * with the remaining TTL in whole seconds. Failures are not cached.
 *
 * The done callback is never called from inside Resolve(): answers known at once (cache,
 * dotted quad, invalid name, network error) are delivered by an event at the same simulated
 * time.
 */
class DnsResolver : public Object
{
  public:
    /// Outcome of a resolution.
    enum Result : uint8_t
    {
        SUCCESS = 0,        //!< at least one address
        NOT_FOUND = 1,      //!< the name has no A record (NXDOMAIN, NODATA) or is invalid
        TIMEOUT = 2,        //!< no response after all attempts
        NETWORK_ERROR = 3,  //!< no IPv4 stack, no route, or a socket error
        SERVER_FAILURE = 4, //!< the server answered with an error RCODE (e.g. SERVFAIL)
    };

    /// The completion callback: result, addresses (empty unless SUCCESS), TTL in seconds.
    using DoneCallback = Callback<void, uint8_t, std::vector<Ipv4Address>, uint32_t>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DnsResolver();
    ~DnsResolver() override;

    /**
     * \brief Set the node whose IPv4 stack carries the queries. Required before the first
     * Resolve() that needs the network.
     * \param node the module's node
     */
    void SetNode(Ptr<Node> node);

    /**
     * \brief Get the node set with SetNode().
     * \return the node, or nullptr
     */
    Ptr<Node> GetNode() const;

    /**
     * \brief Set the DNS server address (the `Server` attribute), e.g. from `AT+QIDNSCFG`.
     * Resolutions already under way keep their server.
     * \param server the server's IPv4 address
     */
    void SetServer(Ipv4Address server);

    /**
     * \brief Get the DNS server address.
     * \return the `Server` attribute
     */
    Ipv4Address GetServer() const;

    /**
     * \brief Resolve a name to IPv4 addresses.
     * \param name a host name or a dotted-quad address
     * \param done called once with the result (a Result value), the addresses and the TTL
     */
    void Resolve(const std::string& name, DoneCallback done);

    /**
     * \brief Forget every cached answer.
     */
    void ClearCache();

    /**
     * \brief The module lost power: every resolution in flight is dropped without calling
     *        its callback, and the cache is forgotten.
     */
    void Abandon();

    /**
     * \brief Get the number of resolutions waiting for the server.
     * \return the number of queries in flight
     */
    uint32_t GetPendingCount() const;

    /**
     * \brief The name of a result, for logs and tests.
     * \param result a Result value
     * \return e.g. "SUCCESS"
     */
    static std::string ResultToString(uint8_t result);

    /**
     * \brief TracedCallback signature for the Tx trace source.
     * \param name the question name
     * \param id the DNS ID
     * \param attempt 1 for the first transmission, 2 for the first retry, ...
     */
    typedef void (*TxTracedCallback)(std::string name, uint16_t id, uint32_t attempt);

    /**
     * \brief TracedCallback signature for the Resolved trace source.
     * \param name the name as given to Resolve()
     * \param result a Result value
     * \param fromCache true if answered from the cache or the name itself, without traffic
     */
    typedef void (*ResolvedTracedCallback)(std::string name, uint8_t result, bool fromCache);

  protected:
    void DoDispose() override;

  private:
    /// A resolution waiting for the server.
    struct Pending
    {
        std::string m_name;           //!< name as given to Resolve()
        std::string m_key;            //!< canonical name
        DoneCallback m_done;          //!< completion callback
        std::vector<uint8_t> m_query; //!< the encoded query, resent on timeout
        Address m_server;             //!< server address and port
        uint32_t m_attempts{0};       //!< transmissions so far
        EventId m_timeout;            //!< expiry of the current attempt
    };

    /// A cached answer.
    struct CacheEntry
    {
        std::vector<Ipv4Address> m_addresses; //!< the addresses
        Time m_expires;                       //!< simulated time the entry expires
    };

    /**
     * \brief Create the UDP socket if needed.
     * \return false if the node has no IPv4 stack
     */
    bool EnsureSocket();

    /**
     * \brief Deliver a result by an event at the current time.
     * \param name the name as given to Resolve()
     * \param done the callback
     * \param result the result
     * \param addresses the addresses
     * \param ttl the TTL
     * \param fromCache whether no query was needed
     */
    void CompleteLater(const std::string& name,
                       DoneCallback done,
                       uint8_t result,
                       std::vector<Ipv4Address> addresses,
                       uint32_t ttl,
                       bool fromCache);

    /**
     * \brief Invoke a completion callback (the event CompleteLater() schedules).
     * \param name the name as given to Resolve()
     * \param done the callback
     * \param result the result
     * \param addresses the addresses
     * \param ttl the TTL
     * \param fromCache whether no query was needed
     */
    void Complete(std::string name,
                  DoneCallback done,
                  uint8_t result,
                  std::vector<Ipv4Address> addresses,
                  uint32_t ttl,
                  bool fromCache);

    /**
     * \brief Send (or resend) the query of a pending resolution and arm its timeout.
     * \param id the DNS ID
     */
    void Transmit(uint16_t id);

    /**
     * \brief An attempt timed out: retry or report TIMEOUT.
     * \param id the DNS ID
     */
    void HandleTimeout(uint16_t id);

    /**
     * \brief Finish a pending resolution.
     * \param id the DNS ID
     * \param result the result
     * \param addresses the addresses
     * \param ttl the TTL
     */
    void Finish(uint16_t id, uint8_t result, std::vector<Ipv4Address> addresses, uint32_t ttl);

    /**
     * \brief Socket receive callback.
     * \param socket the resolver's socket
     */
    void HandleRead(Ptr<Socket> socket);

    /**
     * \brief Pick the next free DNS ID.
     * \param id receives the ID
     * \return false if all 65536 IDs are in use
     */
    bool AllocateId(uint16_t& id);

    Ptr<Node> m_node;                          //!< the module's node
    Ptr<Socket> m_socket;                      //!< UDP socket, created on first use
    Ipv4Address m_server;                      //!< Server attribute
    uint16_t m_serverPort;                     //!< ServerPort attribute
    Time m_timeout;                            //!< Timeout attribute
    uint32_t m_retries;                        //!< Retries attribute
    bool m_cacheEnabled;                       //!< CacheEnabled attribute
    uint16_t m_nextId;                         //!< next DNS ID to try
    std::map<uint16_t, Pending> m_pending;     //!< resolutions in flight, by ID
    std::map<std::string, CacheEntry> m_cache; //!< canonical name -> answer
    std::list<EventId> m_immediate;            //!< results scheduled by CompleteLater()

    /// Fired for every query sent: name, ID, attempt number.
    TracedCallback<std::string, uint16_t, uint32_t> m_txTrace;
    /// Fired when a resolution completes: name, result, answered without traffic.
    TracedCallback<std::string, uint8_t, bool> m_resolvedTrace;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_DNS_RESOLVER_H
