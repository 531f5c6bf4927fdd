/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_ECHO_FIXTURE_H
#define LPWA_TLS_ECHO_FIXTURE_H

// A TLS / DTLS echo server for the socket-command tests (header only, included by test .cc
// files).

#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-context.h"
#include "ns3/tls-endpoint.h"
#include "ns3/udp-socket-factory.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace ns3::lpwa::test
{

/**
 * \brief A TLS (TCP) or DTLS (UDP) echo server made from TlsContext / TlsEndpoint on one node,
 * with counters of what its endpoints saw. Random streams: 500 for the context, 600 + n for
 * the n-th endpoint.
 */
class TlsEchoFixture
{
  public:
    /// The test PKI (seed 11), generated once per process.
    static TestPkiHelper& Pki()
    {
        static TestPkiHelper pki(11);
        return pki;
    }

    /// A server configuration with one of the PKI's RSA-2048 certificates.
    static TlsConfig ServerConfig(TestPkiHelper::ServerCase serverCase = TestPkiHelper::VALID)
    {
        TlsConfig c;
        c.role = TlsConfig::Role::SERVER;
        c.securityLevelZero = true;
        c.certChainPem = Pki().GetServerChainPem(serverCase, TestPkiHelper::RSA_2048);
        c.keyPem = Pki().GetServerKeyPem(serverCase, TestPkiHelper::RSA_2048);
        return c;
    }

    /// Listen on TCP `port`; every accepted connection runs TLS and echoes.
    void StartTcp(Ptr<Node> node, uint16_t port, const TlsConfig& config)
    {
        Configure(config);
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      Callback<void, Ptr<Socket>, const Address&>(
                                          [this](Ptr<Socket> s, const Address&)
                                          {
                                              Ptr<TlsEndpoint> ep = CreateObject<TlsEndpoint>();
                                              ep->AssignStreams(600 + m_eps.size());
                                              Hook(ep);
                                              ep->SetStreamTransport(m_ctx, s);
                                              sockets.push_back(s);
                                              if (deaf)
                                              {
                                                  MakeDeafAfterHandshake(ep, s);
                                              }
                                              ep->Start();
                                          }));
    }

    /// Bind UDP `port`; one DTLS endpoint answers the first peer and echoes.
    void StartUdp(Ptr<Node> node, uint16_t port, const TlsConfig& config)
    {
        Configure(config);
        m_listener = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        Ptr<TlsEndpoint> ep = CreateObject<TlsEndpoint>();
        ep->AssignStreams(600);
        Hook(ep);
        ep->SetDatagramTransport(m_ctx, m_listener, Address());
        ep->Start();
    }

    /// Get the server endpoint of the n-th connection (null if there is none).
    Ptr<TlsEndpoint> Endpoint(size_t n) const
    {
        return n < m_eps.size() ? m_eps[n] : nullptr;
    }

    /// Dispose of the endpoints and the context; close the listening socket.
    void Dispose()
    {
        for (auto& ep : m_eps)
        {
            ep->Dispose();
        }
        m_eps.clear();
        if (m_ctx)
        {
            m_ctx->Dispose();
            m_ctx = nullptr;
        }
        if (m_listener)
        {
            m_listener->Close();
            m_listener = nullptr;
        }
    }

    bool deaf{false};                 //!< ignore everything once the handshake completed (TCP)
    bool echo{true};                  //!< send application data back (false: only collect it)
    std::vector<Ptr<Socket>> sockets; //!< accepted TCP sockets
    uint32_t completed{0};            //!< handshakes completed
    uint32_t resumed{0};              //!< of them, resumed
    uint32_t failed{0};               //!< handshakes failed
    uint32_t renegotiations{0};       //!< renegotiations completed
    uint32_t closed{0};               //!< connections ended (Closed trace)
    uint32_t cleanCloses{0};          //!< of them, by the peer's close_notify
    uint32_t otherCloses{0};          //!< of them, without a close_notify
    std::string rx;                   //!< application data received

  private:
    /// Create and configure the context.
    void Configure(const TlsConfig& config)
    {
        m_ctx = CreateObject<TlsContext>();
        m_ctx->AssignStreams(500);
        EXPECT_EQ(m_ctx->Configure(config), "");
    }

    /// Once the handshake is done, read and drop every byte (close_notify included) and never
    /// close: the TCP connection stays half-open on this side.
    static void MakeDeafAfterHandshake(Ptr<TlsEndpoint> ep, Ptr<Socket> s)
    {
        ep->TraceConnectWithoutContext(
            "HandshakeCompleted",
            Callback<void, bool>(
                [s](bool)
                {
                    // Not from inside the socket's own receive callback.
                    Simulator::ScheduleNow(
                        [s]()
                        {
                            s->SetRecvCallback(Callback<void, Ptr<Socket>>(
                                [](Ptr<Socket> sock)
                                {
                                    while (sock->Recv())
                                    {
                                    }
                                }));
                            s->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                                 MakeNullCallback<void, Ptr<Socket>>());
                        });
                }));
    }

    /// Keep the endpoint; count its handshakes, renegotiations and closes; echo its data.
    void Hook(Ptr<TlsEndpoint> ep)
    {
        m_eps.push_back(ep);
        TlsEndpoint* raw = PeekPointer(ep);
        ep->TraceConnectWithoutContext("Renegotiated",
                                       Callback<void, uint32_t>(
                                           [this](uint32_t)
                                           {
                                               ++renegotiations;
                                           }));
        ep->TraceConnectWithoutContext("Closed",
                                       Callback<void, bool>(
                                           [this](bool clean)
                                           {
                                               ++closed;
                                               ++(clean ? cleanCloses : otherCloses);
                                           }));
        ep->TraceConnectWithoutContext("HandshakeCompleted",
                                       Callback<void, bool>(
                                           [this](bool wasResumed)
                                           {
                                               ++completed;
                                               resumed += wasResumed ? 1 : 0;
                                           }));
        ep->TraceConnectWithoutContext("HandshakeFailed",
                                       Callback<void, TlsError, std::string>(
                                           [this](TlsError, std::string)
                                           {
                                               ++failed;
                                           }));
        ep->TraceConnectWithoutContext("DataReceived",
                                       Callback<void, std::string>(
                                           [this, raw](std::string d)
                                           {
                                               rx += d;
                                               if (echo)
                                               {
                                                   raw->Send(d);
                                               }
                                           }));
    }

    Ptr<TlsContext> m_ctx;               //!< the server context
    Ptr<Socket> m_listener;              //!< the TCP listener or the UDP socket
    std::vector<Ptr<TlsEndpoint>> m_eps; //!< endpoints, in accept order
};

} // namespace ns3::lpwa::test

#endif // LPWA_TLS_ECHO_FIXTURE_H
