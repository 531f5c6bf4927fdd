/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer harness: a module's TLS client (TlsEndpoint behind the SSL AT commands) fed by a
// server whose records are mutated on the way.
//
// The server node runs a real TlsServer (echo, ECDSA P-256 test certificate: an RSA key costs its
// blinding set-up in every new context) on port 4433 and, on port 443, a TCP proxy to it that
// passes the client's bytes unchanged and rewrites the server's byte stream record by record, as
// the input says: two input bytes per server record (operation, argument), then every further
// record passes. Operations: pass; flip one byte (header or body: mutated handshake messages,
// lengths and types); truncate the record and close; drop it; insert an alert (any level and
// description) before it; insert up to 31 raw bytes before it; duplicate it; close the connection
// before it.
//
// Byte 0 of the input picks the dialect: even BG95-M3 (AT+QSSLOPEN, seclevel 0), odd ML307R
// (AT+MIPOPEN with SSL, auth 0); byte 1 how many connections (1 + byte % 4) the module opens
// through the proxy one after the other, each reading on in the operations where the one
// before stopped (so one execution sets up the simulation once for several malformed
// streams). Each open must answer with the
// manual's result form and one of its codes (Quectel +QSSLOPEN: 0,<0|566|569>; OneMO
// +MIPOPEN: 0,<0|750..754>), send and close when connected, and then still open a clean TLS
// connection straight to port 4433 (+QSSLOPEN: 1,0 / +MIPOPEN: 1,0): the module stays usable.
// Anything else aborts, which libFuzzer reports as a finding.
//
// Every execution builds a fresh simulation from the same seeds, so an input replays exactly.

#include "../lpwa-test-harness.h"

#include "ns3/inet-socket-address.h"
#include "ns3/lpwa-module-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-endpoint.h"
#include "ns3/tls-server.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

uint64_t g_executions = 0; //!< inputs run to the end
uint64_t g_records = 0;    //!< server records the proxy changed, dropped or added to
uint64_t g_streams = 0;    //!< connections in which at least one record was touched

void
PrintCounters()
{
    std::fprintf(stderr,
                 "lpwa-fuzz: tls-record: %llu executions, %llu malformed record streams, "
                 "%llu records mutated\n",
                 static_cast<unsigned long long>(g_executions),
                 static_cast<unsigned long long>(g_streams),
                 static_cast<unsigned long long>(g_records));
}

[[noreturn]] void
Finding(const std::string& what, const std::string& rx)
{
    std::fprintf(stderr, "lpwa-fuzz: %s; the host saw: \"%s\"\n", what.c_str(), rx.c_str());
    std::abort();
}

/// A TCP proxy that rewrites the server-to-client records as the fuzz input says.
class MutatingProxy
{
  public:
    MutatingProxy(const uint8_t* ops, size_t size)
        : m_ops(ops)
        , m_size(size)
    {
    }

    void Start(Ptr<Node> node, uint16_t port, InetSocketAddress upstream)
    {
        m_upstream = upstream;
        m_node = node;
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      Callback<void, Ptr<Socket>, const Address&>(
                                          [this](Ptr<Socket> s, const Address&)
                                          {
                                              Accept(s);
                                          }));
    }

    void Stop()
    {
        for (auto s : {m_listener, m_client, m_server})
        {
            if (s)
            {
                s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
                s->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
                s->Close();
            }
        }
        m_listener = m_client = m_server = nullptr;
    }

    /// \return how many connections had at least one record changed, dropped or added to
    uint32_t GetTouchedCount() const
    {
        return m_touchedCount;
    }

  private:
    void Accept(Ptr<Socket> client)
    {
        if (m_client)
        {
            // The module opens one connection at a time: the previous one is over. Its
            // operations are used up; the next connection reads on from there.
            for (auto s : {m_client, m_server})
            {
                s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
                s->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
                s->Close();
            }
            m_connected = m_closed = m_touched = false;
            m_toServer.clear();
            m_fromServer.clear();
            m_toClient.clear();
        }
        m_client = client;
        m_server = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_server->SetConnectCallback(Callback<void, Ptr<Socket>>(
                                         [this](Ptr<Socket>)
                                         {
                                             m_connected = true;
                                             Forward(m_server, m_toServer);
                                         }),
                                     Callback<void, Ptr<Socket>>(
                                         [this](Ptr<Socket>)
                                         {
                                             CloseBoth();
                                         }));
        m_server->Connect(m_upstream);
        m_client->SetRecvCallback(Callback<void, Ptr<Socket>>(
            [this](Ptr<Socket> s)
            {
                Drain(s, m_toServer);
                if (m_connected)
                {
                    Forward(m_server, m_toServer);
                }
            }));
        m_server->SetRecvCallback(Callback<void, Ptr<Socket>>(
            [this](Ptr<Socket> s)
            {
                Drain(s, m_fromServer);
                Rewrite();
            }));
        auto closed = Callback<void, Ptr<Socket>>(
            [this](Ptr<Socket>)
            {
                CloseBoth();
            });
        m_client->SetCloseCallbacks(closed, closed);
        m_server->SetCloseCallbacks(closed, closed);
    }

    static void Drain(Ptr<Socket> s, std::string& into)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            std::string bytes(p->GetSize(), '\0');
            p->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
            into += bytes;
        }
    }

    static void Forward(Ptr<Socket> s, std::string& pending)
    {
        while (s && !pending.empty())
        {
            const uint32_t n =
                std::min<uint32_t>(s->GetTxAvailable(), static_cast<uint32_t>(pending.size()));
            if (n == 0 || s->Send(reinterpret_cast<const uint8_t*>(pending.data()), n, 0) != int(n))
            {
                return;
            }
            pending.erase(0, n);
        }
    }

    void CloseBoth()
    {
        if (m_closed)
        {
            return;
        }
        m_closed = true;
        Forward(m_client, m_toClient);
        for (auto s : {m_client, m_server})
        {
            if (s)
            {
                s->Close();
            }
        }
    }

    /// Cut complete records out of the server's stream and rewrite each.
    void Rewrite()
    {
        while (!m_closed && m_fromServer.size() >= 5)
        {
            const size_t length = (uint8_t(m_fromServer[3]) << 8) | uint8_t(m_fromServer[4]);
            if (m_fromServer.size() < 5 + length)
            {
                break;
            }
            std::string record = m_fromServer.substr(0, 5 + length);
            m_fromServer.erase(0, 5 + length);
            if (m_pos + 1 >= m_size)
            {
                m_toClient += record;
                continue;
            }
            const uint8_t op = m_ops[m_pos++];
            const uint8_t arg = m_ops[m_pos++];
            if (op % 10 >= 2)
            {
                ++g_records;
                m_touchedCount += m_touched ? 0 : 1;
                m_touched = true;
            }
            switch (op % 10)
            {
                case 0:
                case 1:
                    m_toClient += record; // pass
                    break;
                case 2:
                case 3:
                    record[arg % record.size()] ^= static_cast<char>(1u << (op / 10 % 8));
                    m_toClient += record;
                    break;
                case 4:
                    m_toClient += record.substr(0, arg % record.size());
                    Forward(m_client, m_toClient);
                    CloseBoth();
                    return;
                case 5:
                    break; // drop
                case 6:
                {
                    // An alert record: level 1 or 2, any description, then the record.
                    const char alert[] = {21, 3, 3, 0, 2, char(1 + (op / 10) % 2), char(arg)};
                    m_toClient += std::string(alert, sizeof(alert)) + record;
                    break;
                }
                case 7:
                {
                    const size_t n = std::min<size_t>(arg % 32, m_size - m_pos);
                    m_toClient += std::string(reinterpret_cast<const char*>(m_ops + m_pos), n);
                    m_pos += n;
                    m_toClient += record;
                    break;
                }
                case 8:
                    m_toClient += record + record;
                    break;
                default:
                    Forward(m_client, m_toClient);
                    CloseBoth();
                    return;
            }
        }
        Forward(m_client, m_toClient);
    }

    const uint8_t* m_ops;
    size_t m_size;
    size_t m_pos{0};
    bool m_touched{false};      //!< the current connection had a record touched
    uint32_t m_touchedCount{0}; //!< connections with a record touched
    bool m_connected{false};
    bool m_closed{false};
    Ptr<Node> m_node;
    InetSocketAddress m_upstream{Ipv4Address::GetAny(), 0};
    Ptr<Socket> m_listener;
    Ptr<Socket> m_client;
    Ptr<Socket> m_server;
    std::string m_toServer;
    std::string m_fromServer;
    std::string m_toClient;
};

/// The test PKI's server configuration, made once.
const TlsConfig&
ServerConfig()
{
    static TlsConfig config = []()
    {
        static TestPkiHelper pki(11);
        TlsConfig c;
        c.role = TlsConfig::Role::SERVER;
        c.securityLevelZero = true;
        c.certChainPem = pki.GetServerChainPem(TestPkiHelper::VALID, TestPkiHelper::ECDSA_P256);
        c.keyPem = pki.GetServerKeyPem(TestPkiHelper::VALID, TestPkiHelper::ECDSA_P256);
        return c;
    }();
    return config;
}

/// The code of the first "<urc>: <id>,<code>" line in rx, or -1.
int
ResultCode(const std::string& rx, const std::string& urc, int id)
{
    const std::regex re("\\r\\n\\" + urc + ": " + std::to_string(id) + ",(\\d+)\\r\\n");
    std::smatch m;
    return std::regex_search(rx, m, re) ? std::stoi(m[1]) : -1;
}

} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    std::atexit(PrintCounters);
    ServerConfig();
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
    {
        return -1;
    }
    const bool onemo = data[0] % 2 == 1;
    const uint32_t connections = size > 1 ? 1 + data[1] % 4 : 1;
    const size_t opsStart = std::min<size_t>(size, 2);
    const uint64_t liveAtStart = TlsEndpoint::GetLiveCount();
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);

    test::TwoNodeNetwork network;
    network.Build(DataRate("1Mbps"), MilliSeconds(20));
    Ptr<TlsServer> server = CreateObject<TlsServer>();
    server->SetAttribute("Port", UintegerValue(4433));
    server->SetConfig(ServerConfig());
    server->AssignStreams(500);
    network.Get(0)->AddApplication(server);
    MutatingProxy proxy(data + opsStart, size - opsStart);
    proxy.Start(network.Get(0), 443, InetSocketAddress(Ipv4Address::GetLoopback(), 4433));

    test::ModuleBench bench;
    bench.CreateOnNode(network.Get(1), Ipv4Address("10.0.0.1"));
    bench.module->SetAttribute("Profile", StringValue(onemo ? "ML307R" : "BG95-M3"));
    LpwaModuleHelper::AddDialectCommandSets(bench.module);
    bench.module->AssignStreams(100);
    bench.module->Initialize();
    auto& host = bench.host;
    auto expect = [&](const std::string& cmd, const std::string& want, Time wait)
    {
        const std::string rx = host.Cmd(cmd, wait);
        if (rx.find(want) == std::string::npos)
        {
            Finding(cmd.substr(0, cmd.size() - 1) + " did not answer " + want, rx);
        }
        return rx;
    };

    expect("ATE0\r", "OK", Seconds(3));
    std::string open;
    int code = -1;
    if (!onemo)
    {
        expect("AT+QICSGP=1,1,\"apn\",\"\",\"\"\r", "\r\nOK\r\n", Seconds(1));
        expect("AT+QIACT=1\r", "\r\nOK\r\n", Seconds(2));
        expect("AT+QSSLCFG=\"seclevel\",1,0\r", "\r\nOK\r\n", Seconds(1));
        expect("AT+QSSLCFG=\"negotiatetime\",1,20\r", "\r\nOK\r\n", Seconds(1));
        for (uint32_t c = 0; c < connections; ++c)
        {
            open = expect("AT+QSSLOPEN=1,1,0,\"10.0.0.1\",443,0\r", "\r\nOK\r\n", Seconds(25));
            code = ResultCode(open, "+QSSLOPEN", 0);
            if (code != 0 && code != 566 && code != 569)
            {
                Finding("+QSSLOPEN: 0,<err> missing or not a manual code", open);
            }
            if (code == 0)
            {
                // The data only after the prompt: the peer may have closed meanwhile, and
                // then the command answers ERROR at once and "hello" would be a command line.
                std::string sent = host.Cmd("AT+QSSLSEND=0,5\r", Seconds(1));
                if (sent.find('>') != std::string::npos)
                {
                    sent += host.Cmd("hello", Seconds(2));
                }
                if (sent.find("SEND OK") == std::string::npos &&
                    sent.find("SEND FAIL") == std::string::npos &&
                    sent.find("ERROR") == std::string::npos)
                {
                    Finding("AT+QSSLSEND=0,5 got no result", sent);
                }
            }
            expect("AT+QSSLCLOSE=0\r", "OK", Seconds(12));
        }
        const std::string clean =
            expect("AT+QSSLOPEN=1,1,1,\"10.0.0.1\",4433,0\r", "\r\nOK\r\n", Seconds(25));
        if (ResultCode(clean, "+QSSLOPEN", 1) != 0)
        {
            Finding("a clean open after the fuzzed ones failed", clean);
        }
        expect("AT+QSSLCLOSE=1\r", "OK", Seconds(12));
    }
    else
    {
        expect("AT+MIPCALL=1,1\r", "+MIPCALL: 1,1,", Seconds(2));
        expect("AT+MSSLCFG=\"auth\",0,0\r", "\r\nOK\r\n", Seconds(1));
        expect("AT+MIPCFG=\"ssl\",0,1,0\r", "\r\nOK\r\n", Seconds(1));
        expect("AT+MIPCFG=\"ssl\",1,1,0\r", "\r\nOK\r\n", Seconds(1));
        expect("AT+MSSLCFG=\"negotime\",0,20\r", "\r\nOK\r\n", Seconds(1));
        for (uint32_t c = 0; c < connections; ++c)
        {
            open = host.Cmd("AT+MIPOPEN=0,\"TCP\",\"10.0.0.1\",443,,0\r", Seconds(25));
            code = ResultCode(open, "+MIPOPEN", 0);
            if (code != 0 && (code < 750 || code > 754))
            {
                Finding("+MIPOPEN: 0,<err> missing or not a manual code", open);
            }
            if (code == 0)
            {
                // The data only after the prompt: the peer may have closed meanwhile, and
                // then the command answers ERROR at once and "hello" would be a command line.
                std::string sent = host.Cmd("AT+MIPSEND=0,5\r", Seconds(1));
                if (sent.find('>') != std::string::npos)
                {
                    sent += host.Cmd("hello", Seconds(2));
                }
                if (sent.find("OK") == std::string::npos && sent.find("ERROR") == std::string::npos)
                {
                    Finding("AT+MIPSEND=0,5 got no result", sent);
                }
            }
            host.Cmd("AT+MIPCLOSE=0\r", Seconds(12)); // OK, or an error when already closed
        }
        const std::string clean =
            host.Cmd("AT+MIPOPEN=1,\"TCP\",\"10.0.0.1\",4433,,0\r", Seconds(25));
        if (ResultCode(clean, "+MIPOPEN", 1) != 0)
        {
            Finding("a clean open after the fuzzed ones failed", clean);
        }
        expect("AT+MIPCLOSE=1\r", "OK", Seconds(12));
    }
    expect("AT\r", "\r\nOK\r\n", Seconds(1));

    ++g_executions;
    g_streams += proxy.GetTouchedCount();
    if (g_executions % 20 == 0)
    {
        PrintCounters(); // a run stopped early (SIGUSR1: no atexit) still reports its counts
    }
    proxy.Stop();
    bench.Dispose();
    test::TwoNodeNetwork::Destroy();
    // Every endpoint of this execution (module and server side) is freed with its simulation.
    if (TlsEndpoint::GetLiveCount() != liveAtStart)
    {
        Finding("TlsEndpoint objects outlive their simulation: " +
                    std::to_string(TlsEndpoint::GetLiveCount() - liveAtStart),
                "");
    }
    return 0;
}
