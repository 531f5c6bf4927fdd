/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// 1 MiB through AT+QSSLSEND and through AT+MIPSEND (SSL) over a link that drops 5 % of the
// packets in each direction: the server receives every byte once, in order; SEND FAIL (or
// +CME ERROR: 560) takes nothing, so the host's retry duplicates nothing; the module's sent
// counters (AT+QSSLSEND=<id>,0) agree with what the host handed over and the server got.

#include "lpwa-test-harness.h"
#include "onemo-test-profile.h"
#include "tls-echo-fixture.h"

#include "ns3/config.h"
#include "ns3/onemo-certificate-commands.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/onemo-socket-commands.h"
#include "ns3/onemo-ssl-commands.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/quectel-socket-commands.h"
#include "ns3/quectel-ssl-commands.h"
#include "ns3/quectel-ssl-socket-commands.h"
#include "ns3/quectel-system-commands.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

using test::TlsEchoFixture;

constexpr uint16_t TLS_PORT = 443;
constexpr size_t PAYLOAD_BYTES = 1024 * 1024;
constexpr size_t CHUNK_BYTES = 1024;

/// Every byte value, CR, LF, Ctrl-Z and ESC included, in a fixed pseudo-random order.
std::string
Payload()
{
    std::string data(PAYLOAD_BYTES, '\0');
    uint32_t x = 0x2545F491u;
    for (auto& c : data)
    {
        x = x * 1664525u + 1013904223u;
        c = static_cast<char>(x >> 24);
    }
    return data;
}

/**
 * A host that sends a payload in fixed-length chunks: command, wait for "> ", the chunk, then
 * the success marker (next chunk) or the refusal marker (the same chunk again after
 * `retryAfter`). Anything else ends the transfer as an error.
 */
class ChunkSender
{
  public:
    ChunkSender(Ptr<UartChannel> uart,
                std::string payload,
                std::function<std::string(size_t)> command,
                std::function<std::string(size_t)> accepted,
                std::string refused)
        : m_uart(uart)
        , m_payload(std::move(payload))
        , m_command(std::move(command))
        , m_accepted(std::move(accepted))
        , m_refused(std::move(refused))
    {
        m_uart->SetReceiveCallback(UartChannel::HOST, MakeCallback(&ChunkSender::Rx, this));
    }

    /// Send the first chunk now.
    void Start()
    {
        Next();
    }

    size_t offset{0};                   //!< payload bytes the module accepted
    uint32_t refusals{0};               //!< chunks refused (sent again)
    std::string error;                  //!< what ended the transfer early, if anything
    bool done{false};                   //!< every byte accepted
    Time doneAt;                        //!< when the last chunk was accepted
    Time retryAfter{MilliSeconds(500)}; //!< wait after a refusal

  private:
    size_t ChunkSize() const
    {
        return std::min(CHUNK_BYTES, m_payload.size() - offset);
    }

    void Next()
    {
        if (offset == m_payload.size())
        {
            done = true;
            doneAt = Simulator::Now();
            return;
        }
        m_rx.clear();
        m_waitPrompt = true;
        m_uart->Send(UartChannel::HOST, m_command(ChunkSize()));
    }

    void Rx(uint8_t b)
    {
        if (done || !error.empty())
        {
            return;
        }
        m_rx.push_back(static_cast<char>(b));
        if (m_waitPrompt)
        {
            if (m_rx.size() >= 2 && m_rx.compare(m_rx.size() - 2, 2, "> ") == 0)
            {
                m_waitPrompt = false;
                m_rx.clear();
                m_uart->Send(UartChannel::HOST, m_payload.substr(offset, ChunkSize()));
            }
            else if (m_rx.find("ERROR") != std::string::npos && m_rx.back() == '\n')
            {
                error = "command refused: " + m_rx;
            }
            return;
        }
        if (m_rx.back() != '\n')
        {
            return;
        }
        const std::string ok = m_accepted(ChunkSize());
        if (m_rx.find(ok) != std::string::npos)
        {
            offset += ChunkSize();
            Simulator::ScheduleNow(&ChunkSender::Next, this);
        }
        else if (m_rx.find(m_refused) != std::string::npos)
        {
            ++refusals;
            m_rx.clear();
            Simulator::Schedule(retryAfter, &ChunkSender::Next, this);
        }
        else if (m_rx.find("ERROR") != std::string::npos)
        {
            error = "data refused at byte " + std::to_string(offset) + ": " + m_rx;
        }
    }

    Ptr<UartChannel> m_uart;
    std::string m_payload;
    std::function<std::string(size_t)> m_command;
    std::function<std::string(size_t)> m_accepted;
    std::string m_refused;
    std::string m_rx;
    bool m_waitPrompt{false};
};

/// Module on node 1, TLS sink (no echo) on node 0, 64 kbit/s / 20 ms, 5 % loss each way;
/// small send buffers (TCP 8 KiB, TLS queue 4 KiB) so that the module refuses sends.
class DataIntegrityUnderLossTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(8192));
        Config::SetDefault("ns3::lpwa::TlsEndpoint::MaxPendingBytes", UintegerValue(4096));
        m_network.Build(DataRate("64kbps"), MilliSeconds(20));
        m_network.SetPacketLoss(0.05, 900);
        for (uint32_t i = 0; i < m_network.devices.GetN(); ++i)
        {
            m_network.devices.Get(i)->TraceConnectWithoutContext("PhyRxDrop",
                                                                 Callback<void, Ptr<const Packet>>(
                                                                     [this](Ptr<const Packet>)
                                                                     {
                                                                         ++m_drops;
                                                                     }));
        }
        m_bench.CreateOnNode(m_network.Get(1), Ipv4Address("10.0.0.1"));
        m_bench.uart->SetAttribute("BaudRate", UintegerValue(921600));
        m_server.echo = false;
    }

    void TearDown() override
    {
        m_server.Dispose();
        m_bench.Dispose();
        test::TwoNodeNetwork::Destroy();
        Config::Reset();
    }

    std::string Cmd(const std::string& text, Time wait = Seconds(1))
    {
        return m_bench.host.Cmd(text, wait);
    }

    /// Run until the sender is done or failed, or `limit` of simulated time passed.
    void RunSender(ChunkSender& sender, Time limit)
    {
        const Time end = Simulator::Now() + limit;
        while (!sender.done && sender.error.empty() && Simulator::Now() < end)
        {
            Simulator::Stop(Seconds(10));
            Simulator::Run();
        }
        ASSERT_EQ(sender.error, "");
        ASSERT_TRUE(sender.done) << "accepted " << sender.offset << " of " << PAYLOAD_BYTES
                                 << " bytes in " << limit.GetSeconds() << " s";
    }

    test::TwoNodeNetwork m_network;
    test::ModuleBench m_bench;
    TlsEchoFixture m_server;
    uint64_t m_drops{0}; //!< packets the error models dropped, both directions
};

/// Parse "+QSSLSEND: <total>,<acked>,<unacked>".
bool
ParseCounters(const std::string& rx, uint64_t& total, uint64_t& acked, uint64_t& unacked)
{
    const size_t p = rx.find("+QSSLSEND: ");
    if (p == std::string::npos)
    {
        return false;
    }
    unsigned long long t = 0;
    unsigned long long a = 0;
    unsigned long long u = 0;
    if (std::sscanf(rx.c_str() + p, "+QSSLSEND: %llu,%llu,%llu", &t, &a, &u) != 3)
    {
        return false;
    }
    total = t;
    acked = a;
    unacked = u;
    return true;
}

TEST_F(DataIntegrityUnderLossTest, QuectelSslSendMiBByteExact)
{
    m_bench.module->AddCommandSet(CreateObject<QuectelSystemCommands>());
    m_bench.module->AddCommandSet(CreateObject<QuectelNetworkCommands>());
    m_bench.module->AddCommandSet(CreateObject<QuectelSocketCommands>());
    m_bench.module->AddCommandSet(CreateObject<QuectelSslCommands>());
    m_bench.module->AddCommandSet(CreateObject<QuectelSslSocketCommands>());
    m_bench.module->AssignStreams(100);
    m_bench.module->Initialize();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QICSGP=1,1,\"apn\",\"u\",\"p\"\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QIACT=1\r", Seconds(2)), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLCFG=\"seclevel\",1,0\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", Seconds(60)),
              "\r\nOK\r\n\r\n+QSSLOPEN: 0,0\r\n");
    ASSERT_EQ(Cmd("AT+QSSLSEND=0,0\r"), "\r\n+QSSLSEND: 0,0,0\r\n\r\nOK\r\n");

    const std::string payload = Payload();
    {
        ChunkSender sender(
            m_bench.uart,
            payload,
            [](size_t n)
            {
                return "AT+QSSLSEND=0," + std::to_string(n) + "\r";
            },
            [](size_t)
            {
                return std::string("\r\nSEND OK\r\n");
            },
            "\r\nSEND FAIL\r\n");
        Simulator::ScheduleNow(&ChunkSender::Start, &sender);
        RunSender(sender, Seconds(3000));
        EXPECT_GT(sender.refusals, 0u) << "the send buffer never filled: SEND FAIL untested";
        std::printf("[ info ] QSSLSEND: 1 MiB accepted at %.1f s, %u SEND FAIL retried\n",
                    sender.doneAt.GetSeconds(),
                    sender.refusals);
    }
    m_bench.host.Attach(m_bench.uart);
    uint64_t total = 0;
    uint64_t acked = 0;
    uint64_t unacked = 0;
    const std::string rx = Cmd("AT+QSSLSEND=0,0\r");
    ASSERT_TRUE(ParseCounters(rx, total, acked, unacked)) << rx;
    EXPECT_EQ(total, PAYLOAD_BYTES);
    EXPECT_EQ(acked + unacked, total);
    // Acknowledged bytes have reached the server; the server may hold more than that.
    EXPECT_LE(acked, m_server.rx.size());
    // Let TCP recover every loss, then everything is acknowledged and delivered.
    for (int i = 0; i < 120 && m_server.rx.size() < PAYLOAD_BYTES; ++i)
    {
        Cmd("", Seconds(5));
    }
    Cmd("", Seconds(10));
    const std::string after = Cmd("AT+QSSLSEND=0,0\r");
    ASSERT_TRUE(ParseCounters(after, total, acked, unacked)) << after;
    EXPECT_EQ(total, PAYLOAD_BYTES);
    EXPECT_EQ(acked, PAYLOAD_BYTES);
    EXPECT_EQ(unacked, 0u);
    std::cout << "[ info ] " << m_drops << " packets dropped by the 5 % loss" << std::endl;
    EXPECT_GT(m_drops, 50u) << "the loss model dropped almost nothing";
    ASSERT_EQ(m_server.rx.size(), PAYLOAD_BYTES);
    EXPECT_TRUE(m_server.rx == payload)
        << "first difference at byte "
        << std::mismatch(payload.begin(), payload.end(), m_server.rx.begin()).first -
               payload.begin();
    EXPECT_EQ(Cmd("AT+QSSLCLOSE=0\r", Seconds(15)), "\r\nOK\r\n");
}

TEST_F(DataIntegrityUnderLossTest, OneMoSslMipsendMiBByteExact)
{
    m_bench.module->SetAttribute("Profile", StringValue(test::OneMoTestProfileName()));
    m_bench.module->AddCommandSet(CreateObject<OneMoNetworkCommands>());
    m_bench.module->AddCommandSet(CreateObject<OneMoSocketCommands>());
    m_bench.module->AddCommandSet(CreateObject<OneMoSslCommands>());
    m_bench.module->AddCommandSet(CreateObject<OneMoCertificateCommands>());
    m_bench.module->AssignStreams(100);
    m_bench.module->Initialize();
    m_server.StartTcp(m_network.Get(0), TLS_PORT, TlsEchoFixture::ServerConfig());
    ASSERT_EQ(Cmd("ATE0\r", Seconds(3)), "ATE0\r\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+MIPCALL=1,1\r", Seconds(2)), "\r\nOK\r\n\r\n+MIPCALL: 1,1,\"10.0.0.2\"\r\n");
    ASSERT_EQ(Cmd("AT+MSSLCFG=\"auth\",0,0\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+MIPCFG=\"ssl\",0,1,0\r"), "\r\nOK\r\n");
    ASSERT_EQ(Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(60)),
              "\r\nOK\r\n\r\n+MIPOPEN: 0,0\r\n");

    const std::string payload = Payload();
    {
        ChunkSender sender(
            m_bench.uart,
            payload,
            [](size_t n)
            {
                return "AT+MIPSEND=0," + std::to_string(n) + "\r";
            },
            [](size_t n)
            {
                return "\r\n+MIPSEND: 0," + std::to_string(n) + "\r\n";
            },
            "\r\n+CME ERROR: 560\r\n");
        Simulator::ScheduleNow(&ChunkSender::Start, &sender);
        RunSender(sender, Seconds(3000));
        EXPECT_GT(sender.refusals, 0u) << "the send buffer never filled: 560 untested";
        std::printf("[ info ] MIPSEND: 1 MiB accepted at %.1f s, %u refusals (560) retried\n",
                    sender.doneAt.GetSeconds(),
                    sender.refusals);
    }
    m_bench.host.Attach(m_bench.uart);
    for (int i = 0; i < 120 && m_server.rx.size() < PAYLOAD_BYTES; ++i)
    {
        Cmd("", Seconds(5));
    }
    std::cout << "[ info ] " << m_drops << " packets dropped by the 5 % loss" << std::endl;
    EXPECT_GT(m_drops, 50u) << "the loss model dropped almost nothing";
    ASSERT_EQ(m_server.rx.size(), PAYLOAD_BYTES);
    EXPECT_TRUE(m_server.rx == payload);
    EXPECT_EQ(Cmd("AT+MIPCLOSE=0\r", Seconds(15)), "\r\nOK\r\n\r\n+MIPCLOSE: 0\r\n");
}

} // namespace
