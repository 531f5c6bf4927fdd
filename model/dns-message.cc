/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dns-message.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaDnsMessage");

namespace
{

constexpr uint16_t FLAG_QR = 0x8000;     //!< response
constexpr uint16_t FLAG_RD = 0x0100;     //!< recursion desired
constexpr uint16_t FLAG_RA = 0x0080;     //!< recursion available
constexpr uint16_t MASK_OPCODE = 0x7800; //!< OPCODE field
constexpr uint16_t MASK_RCODE = 0x000f;  //!< RCODE field
constexpr uint16_t POINTER_TO_QUESTION = 0xc000 | DnsMessage::HEADER_SIZE;

bool
IsLabelByte(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/// Splits a dotted name (trailing dot allowed) into labels; false if it is not valid.
bool
SplitName(const std::string& name, std::vector<std::string>& labels)
{
    std::string text = name;
    if (!text.empty() && text.back() == '.')
    {
        text.pop_back();
    }
    if (text.empty() || text.size() > DnsMessage::MAX_NAME_LENGTH)
    {
        return false;
    }
    labels.clear();
    std::string label;
    for (char c : text)
    {
        if (c == '.')
        {
            if (label.empty())
            {
                return false;
            }
            labels.push_back(label);
            label.clear();
            continue;
        }
        if (!IsLabelByte(static_cast<uint8_t>(c)) || label.size() >= DnsMessage::MAX_LABEL_LENGTH)
        {
            return false;
        }
        label.push_back(c);
    }
    if (label.empty())
    {
        return false;
    }
    labels.push_back(label);
    return true;
}

void
PutU16(std::vector<uint8_t>& wire, uint16_t value)
{
    wire.push_back(static_cast<uint8_t>(value >> 8));
    wire.push_back(static_cast<uint8_t>(value & 0xff));
}

void
PutU32(std::vector<uint8_t>& wire, uint32_t value)
{
    PutU16(wire, static_cast<uint16_t>(value >> 16));
    PutU16(wire, static_cast<uint16_t>(value & 0xffff));
}

void
PutName(std::vector<uint8_t>& wire, const std::vector<std::string>& labels)
{
    for (const auto& label : labels)
    {
        wire.push_back(static_cast<uint8_t>(label.size()));
        wire.insert(wire.end(), label.begin(), label.end());
    }
    wire.push_back(0);
}

void
PutHeader(std::vector<uint8_t>& wire,
          uint16_t id,
          uint16_t flags,
          uint16_t qd,
          uint16_t an,
          uint16_t ns,
          uint16_t ar)
{
    PutU16(wire, id);
    PutU16(wire, flags);
    PutU16(wire, qd);
    PutU16(wire, an);
    PutU16(wire, ns);
    PutU16(wire, ar);
}

/// Bounds-checked big-endian reader over a received message.
class Reader
{
  public:
    explicit Reader(const std::vector<uint8_t>& wire)
        : m_wire(wire)
    {
    }

    bool ReadU8(uint8_t& value)
    {
        if (m_pos + 1 > m_wire.size())
        {
            return false;
        }
        value = m_wire[m_pos++];
        return true;
    }

    bool ReadU16(uint16_t& value)
    {
        if (m_pos + 2 > m_wire.size())
        {
            return false;
        }
        value = static_cast<uint16_t>((m_wire[m_pos] << 8) | m_wire[m_pos + 1]);
        m_pos += 2;
        return true;
    }

    bool ReadU32(uint32_t& value)
    {
        uint16_t high = 0;
        uint16_t low = 0;
        if (!ReadU16(high) || !ReadU16(low))
        {
            return false;
        }
        value = (static_cast<uint32_t>(high) << 16) | low;
        return true;
    }

    bool Skip(size_t n)
    {
        if (n > m_wire.size() - m_pos)
        {
            return false;
        }
        m_pos += n;
        return true;
    }

    /**
     * Reads a possibly compressed name at the current position into canonical text and moves
     * past it. Each pointer must point before the label sequence that holds it, so following
     * pointers always terminates.
     */
    bool ReadName(std::string& name)
    {
        name.clear();
        size_t pos = m_pos;
        size_t resume = 0;  // where to continue after the name, once a pointer was followed
        size_t limit = pos; // pointers must point strictly before this offset
        bool jumped = false;
        while (true)
        {
            if (pos >= m_wire.size())
            {
                return false;
            }
            const uint8_t length = m_wire[pos];
            if ((length & 0xc0) == 0xc0)
            {
                if (pos + 2 > m_wire.size())
                {
                    return false;
                }
                const size_t target = (static_cast<size_t>(length & 0x3f) << 8) | m_wire[pos + 1];
                if (target >= limit)
                {
                    return false;
                }
                if (!jumped)
                {
                    resume = pos + 2;
                    jumped = true;
                }
                pos = target;
                limit = target;
                continue;
            }
            if ((length & 0xc0) != 0)
            {
                return false; // 0x40 and 0x80 label types are not supported
            }
            if (length == 0)
            {
                ++pos;
                break;
            }
            if (pos + 1 + length > m_wire.size())
            {
                return false;
            }
            if (!name.empty())
            {
                name.push_back('.');
            }
            for (size_t i = 0; i < length; ++i)
            {
                const uint8_t c = m_wire[pos + 1 + i];
                if (!IsLabelByte(c))
                {
                    return false;
                }
                name.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
            }
            if (name.size() > DnsMessage::MAX_NAME_LENGTH)
            {
                return false;
            }
            pos += 1 + length;
        }
        m_pos = jumped ? resume : pos;
        return !name.empty();
    }

    bool AtEnd() const
    {
        return m_pos == m_wire.size();
    }

  private:
    const std::vector<uint8_t>& m_wire;
    size_t m_pos{0};
};

/// The header of a DNS message: ID, flags and the four section counts (RFC 1035 4.1.1).
struct WireHeader
{
    uint16_t id{0};    //!< message ID
    uint16_t flags{0}; //!< QR, opcode, AA, TC, RD, RA, Z, rcode
    uint16_t qd{0};    //!< question count
    uint16_t an{0};    //!< answer count
    uint16_t ns{0};    //!< authority count
    uint16_t ar{0};    //!< additional count
};

/// Read the 12-byte header; false if the message is shorter.
bool
ReadHeader(Reader& reader, WireHeader& header)
{
    return reader.ReadU16(header.id) && reader.ReadU16(header.flags) && reader.ReadU16(header.qd) &&
           reader.ReadU16(header.an) && reader.ReadU16(header.ns) && reader.ReadU16(header.ar);
}

} // namespace

bool
DnsMessage::IsValidName(const std::string& name)
{
    std::vector<std::string> labels;
    return SplitName(name, labels);
}

std::string
DnsMessage::NormalizeName(const std::string& name)
{
    std::string text = name;
    if (!text.empty() && text.back() == '.')
    {
        text.pop_back();
    }
    for (char& c : text)
    {
        if (c >= 'A' && c <= 'Z')
        {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

bool
DnsMessage::BuildQuery(uint16_t id, const std::string& name, std::vector<uint8_t>& wire)
{
    std::vector<std::string> labels;
    if (!SplitName(name, labels))
    {
        NS_LOG_LOGIC("not a valid name: " << name);
        return false;
    }
    wire.clear();
    PutHeader(wire, id, FLAG_RD, 1, 0, 0, 0);
    PutName(wire, labels);
    PutU16(wire, TYPE_A);
    PutU16(wire, CLASS_IN);
    return true;
}

bool
DnsMessage::ParseHeader(const std::vector<uint8_t>& wire, uint16_t& id, bool& isResponse)
{
    if (wire.size() < HEADER_SIZE)
    {
        return false;
    }
    id = static_cast<uint16_t>((wire[0] << 8) | wire[1]);
    isResponse = (wire[2] & 0x80) != 0;
    return true;
}

bool
DnsMessage::ParseQuery(const std::vector<uint8_t>& wire,
                       uint16_t& id,
                       std::string& name,
                       uint16_t& qtype,
                       uint16_t& qclass)
{
    Reader reader(wire);
    WireHeader header;
    if (!ReadHeader(reader, header))
    {
        return false;
    }
    if ((header.flags & FLAG_QR) != 0 || (header.flags & MASK_OPCODE) != 0 || header.qd != 1 ||
        header.an != 0 || header.ns != 0 || header.ar != 0)
    {
        return false;
    }
    std::string questionName;
    uint16_t type = 0;
    uint16_t klass = 0;
    if (!reader.ReadName(questionName) || !reader.ReadU16(type) || !reader.ReadU16(klass) ||
        !reader.AtEnd())
    {
        return false;
    }
    id = header.id;
    name = questionName;
    qtype = type;
    qclass = klass;
    return true;
}

std::vector<uint8_t>
DnsMessage::BuildResponse(uint16_t id,
                          const std::string& name,
                          uint16_t qtype,
                          uint16_t qclass,
                          uint8_t rcode,
                          const AnswerList& answers)
{
    if (rcode > MASK_RCODE)
    {
        NS_FATAL_ERROR("DnsMessage::BuildResponse: rcode " << unsigned(rcode)
                                                           << " does not fit in 4 bits");
    }
    std::vector<std::string> labels;
    if (!name.empty() && !SplitName(name, labels))
    {
        NS_FATAL_ERROR("DnsMessage::BuildResponse: name \"" << name << "\" is not a valid name");
    }
    if (name.empty() && !answers.empty())
    {
        NS_FATAL_ERROR("DnsMessage::BuildResponse: " << answers.size()
                                                     << " answers need a question name");
    }
    if (answers.size() > 0xffff)
    {
        NS_FATAL_ERROR("DnsMessage::BuildResponse: " << answers.size() << " answers is too many");
    }
    std::vector<uint8_t> wire;
    PutHeader(wire,
              id,
              FLAG_QR | FLAG_RD | FLAG_RA | rcode,
              name.empty() ? 0 : 1,
              static_cast<uint16_t>(answers.size()),
              0,
              0);
    if (!name.empty())
    {
        PutName(wire, labels);
        PutU16(wire, qtype);
        PutU16(wire, qclass);
    }
    for (const auto& answer : answers)
    {
        PutU16(wire, POINTER_TO_QUESTION);
        PutU16(wire, TYPE_A);
        PutU16(wire, CLASS_IN);
        PutU32(wire, answer.second);
        PutU16(wire, 4);
        uint8_t bytes[4];
        answer.first.Serialize(bytes);
        wire.insert(wire.end(), bytes, bytes + 4);
    }
    return wire;
}

bool
DnsMessage::ParseResponse(const std::vector<uint8_t>& wire,
                          uint16_t& id,
                          uint8_t& rcode,
                          AnswerList& answers,
                          std::string& question)
{
    Reader reader(wire);
    WireHeader header;
    if (!ReadHeader(reader, header))
    {
        return false;
    }
    if ((header.flags & FLAG_QR) == 0)
    {
        return false;
    }
    std::string firstQuestion;
    for (uint16_t i = 0; i < header.qd; ++i)
    {
        std::string qname;
        if (!reader.ReadName(qname) || !reader.Skip(4))
        {
            return false;
        }
        if (i == 0)
        {
            firstQuestion = qname;
        }
    }
    AnswerList found;
    for (uint16_t i = 0; i < header.an; ++i)
    {
        std::string owner;
        uint16_t type = 0;
        uint16_t klass = 0;
        uint32_t ttl = 0;
        uint16_t length = 0;
        if (!reader.ReadName(owner) || !reader.ReadU16(type) || !reader.ReadU16(klass) ||
            !reader.ReadU32(ttl) || !reader.ReadU16(length))
        {
            return false;
        }
        if (type == TYPE_A && klass == CLASS_IN)
        {
            uint32_t address = 0;
            if (length != 4 || !reader.ReadU32(address))
            {
                return false;
            }
            // RFC 2181 8: a TTL with the top bit set is treated as zero.
            found.emplace_back(Ipv4Address(address), (ttl & 0x80000000U) != 0 ? 0 : ttl);
        }
        else if (!reader.Skip(length))
        {
            return false;
        }
    }
    id = header.id;
    rcode = static_cast<uint8_t>(header.flags & MASK_RCODE);
    answers = found;
    question = firstQuestion;
    return true;
}

} // namespace lpwa
} // namespace ns3
