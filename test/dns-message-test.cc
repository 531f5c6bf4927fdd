/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/dns-message.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

class DnsMessageTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Appends a big-endian 16-bit value.
    static void Put16(std::vector<uint8_t>& wire, uint16_t value)
    {
        wire.push_back(static_cast<uint8_t>(value >> 8));
        wire.push_back(static_cast<uint8_t>(value & 0xff));
    }

    /// Appends uncompressed labels, without the terminating zero.
    static void PutLabels(std::vector<uint8_t>& wire, const std::vector<std::string>& labels)
    {
        for (const auto& label : labels)
        {
            wire.push_back(static_cast<uint8_t>(label.size()));
            wire.insert(wire.end(), label.begin(), label.end());
        }
    }

    /// A response header: id, QR|RD|RA|rcode, counts.
    static std::vector<uint8_t> Header(uint16_t id, uint8_t rcode, uint16_t qd, uint16_t an)
    {
        std::vector<uint8_t> wire;
        Put16(wire, id);
        Put16(wire, 0x8180 | rcode);
        Put16(wire, qd);
        Put16(wire, an);
        Put16(wire, 0);
        Put16(wire, 0);
        return wire;
    }
};

TEST_F(DnsMessageTest, BuildsTheRfc1035QueryBytes)
{
    std::vector<uint8_t> wire;
    ASSERT_TRUE(DnsMessage::BuildQuery(0xbeef, "Example.com.", wire));
    const std::vector<uint8_t> expected = {
        0xbe, 0xef, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // header, RD
        7,    'E',  'x',  'a',  'm',  'p',  'l',  'e',  3,    'c',  'o',  'm',
        0,    0x00, 0x01, // QTYPE A
        0x00, 0x01,       // QCLASS IN
    };
    EXPECT_EQ(wire, expected);
}

TEST_F(DnsMessageTest, QueryRoundTrip)
{
    std::vector<uint8_t> wire;
    ASSERT_TRUE(DnsMessage::BuildQuery(42, "Sensor-01.IoT.Example.NET", wire));
    uint16_t id = 0;
    std::string name;
    uint16_t qtype = 0;
    uint16_t qclass = 0;
    ASSERT_TRUE(DnsMessage::ParseQuery(wire, id, name, qtype, qclass));
    EXPECT_EQ(id, 42);
    EXPECT_EQ(name, "sensor-01.iot.example.net");
    EXPECT_EQ(qtype, DnsMessage::TYPE_A);
    EXPECT_EQ(qclass, DnsMessage::CLASS_IN);

    bool isResponse = true;
    ASSERT_TRUE(DnsMessage::ParseHeader(wire, id, isResponse));
    EXPECT_FALSE(isResponse);
    // A query is not a response.
    uint8_t rcode = 0;
    DnsMessage::AnswerList answers;
    std::string question;
    EXPECT_FALSE(DnsMessage::ParseResponse(wire, id, rcode, answers, question));
}

TEST_F(DnsMessageTest, ResponseRoundTripUsesCompression)
{
    const DnsMessage::AnswerList sent = {{Ipv4Address("192.0.2.1"), 300},
                                         {Ipv4Address("198.51.100.77"), 60}};
    auto wire = DnsMessage::BuildResponse(7, "api.example.com", 1, 1, DnsMessage::NOERROR, sent);
    // header + question (17 + 4) + two answers of 2 + 10 + 4 bytes
    ASSERT_EQ(wire.size(), 12u + 21u + 2u * 16u);
    EXPECT_EQ(wire[33], 0xc0); // owner name: pointer to offset 12
    EXPECT_EQ(wire[34], 0x0c);
    uint16_t id = 0;
    uint8_t rcode = 0xff;
    DnsMessage::AnswerList answers;
    std::string question;
    ASSERT_TRUE(DnsMessage::ParseResponse(wire, id, rcode, answers, question));
    EXPECT_EQ(id, 7);
    EXPECT_EQ(rcode, DnsMessage::NOERROR);
    EXPECT_EQ(answers, sent);
    EXPECT_EQ(question, "api.example.com");
    // A response is not a query.
    std::string name;
    uint16_t qtype = 0;
    uint16_t qclass = 0;
    EXPECT_FALSE(DnsMessage::ParseQuery(wire, id, name, qtype, qclass));
}

TEST_F(DnsMessageTest, ErrorResponses)
{
    for (uint8_t code : {DnsMessage::NXDOMAIN, DnsMessage::SERVFAIL, DnsMessage::FORMERR})
    {
        const std::string name = code == DnsMessage::FORMERR ? "" : "missing.example.com";
        auto wire = DnsMessage::BuildResponse(0xffff, name, 1, 1, code, {});
        uint16_t id = 0;
        uint8_t rcode = 0;
        DnsMessage::AnswerList answers = {{Ipv4Address("1.2.3.4"), 1}};
        std::string question = "stale";
        ASSERT_TRUE(DnsMessage::ParseResponse(wire, id, rcode, answers, question));
        EXPECT_EQ(id, 0xffff);
        EXPECT_EQ(rcode, code);
        EXPECT_TRUE(answers.empty());
        EXPECT_EQ(question, name);
    }
    // FORMERR without a question is just the header.
    EXPECT_EQ(DnsMessage::BuildResponse(1, "", 0, 0, DnsMessage::FORMERR, {}).size(), 12u);
}

TEST_F(DnsMessageTest, ParsesPointersToPointersAndSkipsOtherRecords)
{
    // www.example.com CNAME host.example.com; host.example.com A 203.0.113.9
    auto wire = Header(99, 0, 1, 2);
    PutLabels(wire, {"www", "example", "com"}); // offset 12; "example" at 16
    wire.push_back(0);
    Put16(wire, 1);
    Put16(wire, 1);
    // answer 1: owner -> 12, CNAME, rdata "host" + pointer -> 16
    Put16(wire, 0xc00c);
    Put16(wire, 5);
    Put16(wire, 1);
    Put16(wire, 0);
    Put16(wire, 120);
    Put16(wire, 7);
    const size_t hostOffset = wire.size();
    PutLabels(wire, {"host"});
    Put16(wire, 0xc010);
    // answer 2: owner -> "host" label, which itself ends in a pointer
    Put16(wire, static_cast<uint16_t>(0xc000 | hostOffset));
    Put16(wire, 1);
    Put16(wire, 1);
    Put16(wire, 0);
    Put16(wire, 30);
    Put16(wire, 4);
    for (uint8_t b : {203, 0, 113, 9})
    {
        wire.push_back(b);
    }
    uint16_t id = 0;
    uint8_t rcode = 0xff;
    DnsMessage::AnswerList answers;
    std::string question;
    ASSERT_TRUE(DnsMessage::ParseResponse(wire, id, rcode, answers, question));
    EXPECT_EQ(id, 99);
    EXPECT_EQ(question, "www.example.com");
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].first, Ipv4Address("203.0.113.9"));
    EXPECT_EQ(answers[0].second, 30u);

    // An A record whose RDLENGTH is not 4 is malformed.
    auto bad = wire;
    bad[bad.size() - 5] = 5;
    EXPECT_FALSE(DnsMessage::ParseResponse(bad, id, rcode, answers, question));
}

TEST_F(DnsMessageTest, RejectsPointerLoopsAndForwardPointers)
{
    uint16_t id = 0;
    uint8_t rcode = 0;
    DnsMessage::AnswerList answers;
    std::string question;

    auto self = Header(1, 0, 1, 0); // question name is a pointer to itself
    Put16(self, 0xc00c);
    Put16(self, 1);
    Put16(self, 1);
    EXPECT_FALSE(DnsMessage::ParseResponse(self, id, rcode, answers, question));

    auto loop = Header(1, 0, 1, 0); // "a" then a pointer back to the start of the name
    PutLabels(loop, {"a"});
    Put16(loop, 0xc00c);
    Put16(loop, 1);
    Put16(loop, 1);
    EXPECT_FALSE(DnsMessage::ParseResponse(loop, id, rcode, answers, question));

    auto forward = Header(1, 0, 1, 0); // pointer past the end of the name
    Put16(forward, 0xc010);
    Put16(forward, 1);
    Put16(forward, 1);
    EXPECT_FALSE(DnsMessage::ParseResponse(forward, id, rcode, answers, question));

    auto reserved = Header(1, 0, 1, 0); // 0x40 label type
    reserved.push_back(0x41);
    reserved.push_back('a');
    reserved.push_back(0);
    Put16(reserved, 1);
    Put16(reserved, 1);
    EXPECT_FALSE(DnsMessage::ParseResponse(reserved, id, rcode, answers, question));

    // A long chain of valid backward pointers ends: a TXT record (skipped) whose RDATA holds
    // 100 pointers, each to the previous one, then an A record owned by the last pointer.
    auto chain = Header(1, 0, 0, 2);
    PutLabels(chain, {"x"}); // owner of the TXT record, at offset 12
    chain.push_back(0);
    Put16(chain, 16);
    Put16(chain, 1);
    Put16(chain, 0);
    Put16(chain, 5);
    Put16(chain, 200);
    size_t previous = 12;
    for (int i = 0; i < 100; ++i)
    {
        const size_t here = chain.size();
        Put16(chain, static_cast<uint16_t>(0xc000 | previous));
        previous = here;
    }
    Put16(chain, static_cast<uint16_t>(0xc000 | previous));
    Put16(chain, 1);
    Put16(chain, 1);
    Put16(chain, 0);
    Put16(chain, 5);
    Put16(chain, 4);
    for (uint8_t b : {10, 0, 0, 1})
    {
        chain.push_back(b);
    }
    ASSERT_TRUE(DnsMessage::ParseResponse(chain, id, rcode, answers, question));
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].first, Ipv4Address("10.0.0.1"));
}

TEST_F(DnsMessageTest, EnforcesNameLimits)
{
    const std::string label63(63, 'a');
    EXPECT_TRUE(DnsMessage::IsValidName(label63 + ".com"));
    EXPECT_FALSE(DnsMessage::IsValidName(std::string(64, 'a') + ".com"));
    // 253 bytes: three labels of 63, one of 61 and three dots
    const std::string name253 =
        label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
    ASSERT_EQ(name253.size(), 253u);
    EXPECT_TRUE(DnsMessage::IsValidName(name253));
    EXPECT_TRUE(DnsMessage::IsValidName(name253 + "."));
    EXPECT_FALSE(DnsMessage::IsValidName(name253 + "b"));
    for (const char* bad : {"", ".", "..", "a..b", ".a", "a b", "a/b", "caf\xc3\xa9.fr", "a.b.."})
    {
        EXPECT_FALSE(DnsMessage::IsValidName(bad)) << bad;
        std::vector<uint8_t> wire;
        EXPECT_FALSE(DnsMessage::BuildQuery(1, bad, wire)) << bad;
        EXPECT_TRUE(wire.empty());
    }
    EXPECT_TRUE(DnsMessage::IsValidName("_mqtt._tcp.example.com"));
    EXPECT_EQ(DnsMessage::NormalizeName("WWW.Example.COM."), "www.example.com");

    // The longest name round-trips through the wire (255 bytes encoded).
    std::vector<uint8_t> wire;
    ASSERT_TRUE(DnsMessage::BuildQuery(3, name253, wire));
    EXPECT_EQ(wire.size(), 12u + 255u + 4u);
    uint16_t id = 0;
    std::string name;
    uint16_t qtype = 0;
    uint16_t qclass = 0;
    ASSERT_TRUE(DnsMessage::ParseQuery(wire, id, name, qtype, qclass));
    EXPECT_EQ(name, name253);

    // A name made longer than 253 bytes by compression is rejected.
    auto resp = Header(1, 0, 2, 0);
    PutLabels(resp, {label63, label63, label63});
    resp.push_back(0);
    Put16(resp, 1);
    Put16(resp, 1);
    PutLabels(resp, {std::string(62, 'c')}); // 62 + 1 + 191 = 254 bytes
    Put16(resp, 0xc00c);
    Put16(resp, 1);
    Put16(resp, 1);
    uint8_t rcode = 0;
    DnsMessage::AnswerList answers;
    std::string question;
    EXPECT_FALSE(DnsMessage::ParseResponse(resp, id, rcode, answers, question));
    resp[12 + 3 * 64 + 5] = 61; // shorten the second name's label to 61 bytes: 253 in all
    resp.erase(resp.begin() + 12 + 3 * 64 + 5 + 1);
    EXPECT_TRUE(DnsMessage::ParseResponse(resp, id, rcode, answers, question));
}

TEST_F(DnsMessageTest, ParseQueryRejectsNonStandardQueries)
{
    std::vector<uint8_t> good;
    ASSERT_TRUE(DnsMessage::BuildQuery(5, "example.com", good));
    uint16_t id = 0;
    std::string name;
    uint16_t qtype = 0;
    uint16_t qclass = 0;
    ASSERT_TRUE(DnsMessage::ParseQuery(good, id, name, qtype, qclass));

    auto opcode = good;
    opcode[2] |= 0x10; // OPCODE 2 (STATUS)
    EXPECT_FALSE(DnsMessage::ParseQuery(opcode, id, name, qtype, qclass));
    auto twoQuestions = good;
    twoQuestions[5] = 2;
    EXPECT_FALSE(DnsMessage::ParseQuery(twoQuestions, id, name, qtype, qclass));
    auto noQuestion = good;
    noQuestion[5] = 0;
    EXPECT_FALSE(DnsMessage::ParseQuery(noQuestion, id, name, qtype, qclass));
    auto trailing = good;
    trailing.push_back(0);
    EXPECT_FALSE(DnsMessage::ParseQuery(trailing, id, name, qtype, qclass));
    auto truncated = good;
    truncated.pop_back();
    EXPECT_FALSE(DnsMessage::ParseQuery(truncated, id, name, qtype, qclass));
    EXPECT_FALSE(DnsMessage::ParseQuery({}, id, name, qtype, qclass));
    bool isResponse = false;
    EXPECT_FALSE(DnsMessage::ParseHeader(std::vector<uint8_t>(11, 0), id, isResponse));
}

/// Parses with every parser; the only requirement is that nothing crashes or hangs, and that
/// what is accepted is consistent.
void
ParseEverything(const std::vector<uint8_t>& wire, uint32_t& accepted)
{
    uint16_t id = 0;
    bool isResponse = false;
    DnsMessage::ParseHeader(wire, id, isResponse);
    std::string name;
    uint16_t qtype = 0;
    uint16_t qclass = 0;
    if (DnsMessage::ParseQuery(wire, id, name, qtype, qclass))
    {
        ++accepted;
        EXPECT_TRUE(DnsMessage::IsValidName(name));
        std::vector<uint8_t> again;
        ASSERT_TRUE(DnsMessage::BuildQuery(id, name, again));
    }
    uint8_t rcode = 0;
    DnsMessage::AnswerList answers;
    std::string question;
    if (DnsMessage::ParseResponse(wire, id, rcode, answers, question))
    {
        ++accepted;
        EXPECT_LE(rcode, 15);
        EXPECT_LE(answers.size(), (wire.size() - 12) / 15);
        EXPECT_TRUE(question.empty() || DnsMessage::IsValidName(question));
    }
}

TEST_F(DnsMessageTest, FuzzRandomBuffersNeverCrash)
{
    std::mt19937 rng(20240601);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<size_t> length(0, 600);
    uint32_t accepted = 0;
    for (int i = 0; i < 5000; ++i)
    {
        std::vector<uint8_t> wire(length(rng));
        for (auto& b : wire)
        {
            b = static_cast<uint8_t>(byte(rng));
        }
        // Half of them get a plausible header so the parsers get past it.
        if (i % 2 == 0 && wire.size() >= 12)
        {
            wire[2] = static_cast<uint8_t>(i % 4 == 0 ? 0x81 : 0x01);
            wire[3] = 0x80;
            wire[4] = 0;
            wire[5] = static_cast<uint8_t>(1 + i % 3);
            wire[6] = 0;
            wire[7] = static_cast<uint8_t>(i % 5);
        }
        ParseEverything(wire, accepted);
    }
    SUCCEED() << accepted << " random buffers parsed";
}

TEST_F(DnsMessageTest, FuzzMutatedMessagesNeverCrash)
{
    std::vector<std::vector<uint8_t>> seeds;
    std::vector<uint8_t> query;
    ASSERT_TRUE(DnsMessage::BuildQuery(77, "a-rather.long.name.example.org", query));
    seeds.push_back(query);
    seeds.push_back(DnsMessage::BuildResponse(77,
                                              "a-rather.long.name.example.org",
                                              1,
                                              1,
                                              DnsMessage::NOERROR,
                                              {{Ipv4Address("192.0.2.1"), 300},
                                               {Ipv4Address("192.0.2.2"), 300},
                                               {Ipv4Address("192.0.2.3"), 5}}));
    seeds.push_back(DnsMessage::BuildResponse(78, "x.y", 1, 1, DnsMessage::NXDOMAIN, {}));

    std::mt19937 rng(1035);
    std::uniform_int_distribution<int> byte(0, 255);
    uint32_t accepted = 0;
    for (int i = 0; i < 20000; ++i)
    {
        auto wire = seeds[i % seeds.size()];
        const int mutations = 1 + static_cast<int>(rng() % 4);
        for (int m = 0; m < mutations; ++m)
        {
            const size_t pos = wire.empty() ? 0 : rng() % wire.size();
            switch (rng() % 6)
            {
                case 0: // overwrite a byte
                    if (!wire.empty())
                    {
                        wire[pos] = static_cast<uint8_t>(byte(rng));
                    }
                    break;
                case 1: // flip a bit
                    if (!wire.empty())
                    {
                        wire[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
                    }
                    break;
                case 2: // truncate
                    wire.resize(pos);
                    break;
                case 3: // insert a byte
                    wire.insert(wire.begin() + static_cast<long>(pos),
                                static_cast<uint8_t>(byte(rng)));
                    break;
                case 4: // plant a compression pointer
                    if (wire.size() >= 2)
                    {
                        const size_t at = rng() % (wire.size() - 1);
                        const uint16_t target = static_cast<uint16_t>(rng() % (wire.size() + 8));
                        wire[at] = static_cast<uint8_t>(0xc0 | (target >> 8));
                        wire[at + 1] = static_cast<uint8_t>(target & 0xff);
                    }
                    break;
                default: // inflate a count
                    if (wire.size() >= 12)
                    {
                        wire[4 + 2 * (rng() % 4) + 1] = static_cast<uint8_t>(byte(rng));
                    }
                    break;
            }
        }
        ParseEverything(wire, accepted);
    }
    EXPECT_GT(accepted, 0u); // some mutations keep the message valid
}

} // namespace
