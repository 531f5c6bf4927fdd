/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_DNS_MESSAGE_H
#define LPWA_DNS_MESSAGE_H

#include "ns3/ipv4-address.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Minimal RFC 1035 DNS wire format: the A-record queries and responses that a module's
 * stub resolver (DnsResolver) and the network's DNS server (DnsServer) exchange over UDP.
 *
 * This is a codec with static functions only, not a simulation object: it holds no state.
 *
 * What it writes:
 *  - a query: header (ID, RD=1, QDCOUNT=1), one question (QTYPE A, QCLASS IN);
 *  - a response: header (ID, QR=1, RD=1, RA=1, RCODE), the question echoed (omitted when the
 *    query could not be parsed, e.g. FORMERR), and one A/IN answer per address whose owner name
 *    is a compression pointer to the question name.
 *
 * What it reads: any well-formed message, including compressed names (RFC 1035 4.1.4) anywhere
 * in a response. Pointers must point strictly backwards, which rules out loops. Answers other
 * than A/IN (e.g. CNAME) are skipped; authority and additional sections are ignored. Malformed
 * input never crashes: the parse functions return false.
 *
 * Names are text in dotted form, without the trailing root dot (one trailing dot is accepted on
 * input). A valid name has 1..63 bytes per label, at most 253 bytes in all, and labels made of
 * letters, digits, '-' and '_'. Names compare case-insensitively; see NormalizeName().
 */
class DnsMessage
{
  public:
    /// Response codes (RFC 1035 4.1.1) used by the model.
    enum Rcode : uint8_t
    {
        NOERROR = 0,  //!< no error
        FORMERR = 1,  //!< the server could not interpret the query
        SERVFAIL = 2, //!< the server failed
        NXDOMAIN = 3, //!< the name does not exist
    };

    static constexpr uint16_t TYPE_A = 1;          //!< QTYPE/TYPE A (IPv4 host address)
    static constexpr uint16_t CLASS_IN = 1;        //!< QCLASS/CLASS IN (Internet)
    static constexpr size_t HEADER_SIZE = 12;      //!< bytes of the fixed header
    static constexpr size_t MAX_LABEL_LENGTH = 63; //!< bytes per label
    static constexpr size_t MAX_NAME_LENGTH = 253; //!< bytes of a dotted name, no trailing dot

    /// Answers of a response: address and TTL in seconds.
    using AnswerList = std::vector<std::pair<Ipv4Address, uint32_t>>;

    /**
     * \brief Check that a name can be sent in a query.
     * \param name a dotted name; one trailing dot is allowed
     * \return true if every label has 1..63 allowed bytes and the name has at most 253 bytes
     */
    static bool IsValidName(const std::string& name);

    /**
     * \brief The canonical form of a name: ASCII lower case, without a trailing dot.
     * \param name a dotted name
     * \return the canonical name, used as a lookup key
     */
    static std::string NormalizeName(const std::string& name);

    /**
     * \brief Build a standard query: RD set, one question for an A record of class IN.
     * \param id the message ID
     * \param name the name to look up (IsValidName() must hold)
     * \param wire receives the encoded message
     * \return false, leaving wire unchanged, if the name is not valid
     */
    static bool BuildQuery(uint16_t id, const std::string& name, std::vector<uint8_t>& wire);

    /**
     * \brief Read the fixed header fields a server needs before it parses a query.
     * \param wire the received message
     * \param id receives the message ID
     * \param isResponse receives the QR flag
     * \return false if the message is shorter than the header
     */
    static bool ParseHeader(const std::vector<uint8_t>& wire, uint16_t& id, bool& isResponse);

    /**
     * \brief Parse a standard query with exactly one question.
     * \param wire the received message
     * \param id receives the message ID
     * \param name receives the question name, in canonical form (NormalizeName())
     * \param qtype receives the QTYPE
     * \param qclass receives the QCLASS
     * \return false if the message is not a well-formed standard query (QR=0, OPCODE=0,
     *         QDCOUNT=1, no answer records, valid name, nothing after the question)
     */
    static bool ParseQuery(const std::vector<uint8_t>& wire,
                           uint16_t& id,
                           std::string& name,
                           uint16_t& qtype,
                           uint16_t& qclass);

    /**
     * \brief Build a response.
     * \param id the ID of the query answered
     * \param name the question name, or empty to omit the question section (FORMERR)
     * \param qtype the question's QTYPE
     * \param qclass the question's QCLASS
     * \param rcode the response code (Rcode)
     * \param answers A records to return, each with its TTL in seconds; must be empty when
     *        name is empty
     * \return the encoded message
     */
    static std::vector<uint8_t> BuildResponse(uint16_t id,
                                              const std::string& name,
                                              uint16_t qtype,
                                              uint16_t qclass,
                                              uint8_t rcode,
                                              const AnswerList& answers);

    /**
     * \brief Parse a response.
     * \param wire the received message
     * \param id receives the message ID
     * \param rcode receives the RCODE
     * \param answers receives the A/IN answers, in message order
     * \param question receives the first question name in canonical form, or "" if none
     * \return false if the message is not a well-formed response (QR=1)
     */
    static bool ParseResponse(const std::vector<uint8_t>& wire,
                              uint16_t& id,
                              uint8_t& rcode,
                              AnswerList& answers,
                              std::string& question);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_DNS_MESSAGE_H
