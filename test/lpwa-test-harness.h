/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TEST_HARNESS_H
#define LPWA_TEST_HARNESS_H

// Shared fixture code for the lpwa-modem tests (header only, included by test .cc files).

#include "ns3/data-rate.h"
#include "ns3/dns-resolver.h"
#include "ns3/dns-server.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/lpwa-module.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/uart-channel.h"

#include <string>
#include <vector>

namespace ns3::lpwa::test
{

/**
 * \brief The host end of a UartChannel: records every byte it receives (with its arrival
 * time) and types text into the channel.
 */
class HostRecorder
{
  public:
    /// Receive what the UART delivers to its HOST side.
    void Attach(Ptr<UartChannel> uart)
    {
        m_uart = uart;
        m_uart->SetReceiveCallback(UartChannel::HOST, MakeCallback(&HostRecorder::Rx, this));
    }

    /// Type text at a simulated time from now.
    void TypeAt(Time at, const std::string& text)
    {
        Simulator::Schedule(at,
                            [this, text]()
                            {
                                m_uart->Send(UartChannel::HOST, text);
                            });
    }

    /// Return and clear the bytes received so far.
    std::string Take()
    {
        std::string rx;
        rx.swap(m_rx);
        return rx;
    }

    /// Type a command line `after` from now, run until idle, return and clear the answer.
    std::string TypeAndRun(const std::string& text, Time after = Seconds(1))
    {
        TypeAt(after, text);
        Simulator::Run();
        return Take();
    }

    /// Clear, type text now (if any), run for `wait`, and return what arrived meanwhile.
    std::string Cmd(const std::string& text, Time wait = Seconds(1))
    {
        m_rx.clear();
        if (!text.empty())
        {
            Simulator::ScheduleNow(
                [this, text]()
                {
                    m_uart->Send(UartChannel::HOST, text);
                });
        }
        Simulator::Stop(wait);
        Simulator::Run();
        return m_rx;
    }

    std::string m_rx;          //!< bytes received and not taken yet
    std::vector<Time> m_times; //!< arrival time of every byte received
    Time m_lastRx;             //!< arrival time of the last byte received

  private:
    void Rx(uint8_t b)
    {
        m_rx.push_back(static_cast<char>(b));
        m_times.push_back(Simulator::Now());
        m_lastRx = Simulator::Now();
    }

    Ptr<UartChannel> m_uart;
};

/**
 * \brief An LpwaModule with its command sets on a UartChannel, and a HostRecorder on the
 * UART's host side.
 */
class ModuleBench
{
  public:
    /// Create the UART, then the module (no command set yet).
    void Create()
    {
        uart = CreateObject<UartChannel>();
        module = CreateObject<LpwaModule>();
    }

    /// Create the module on `node`, resolving names at `dnsServer`; then the UART and the host.
    void CreateOnNode(Ptr<Node> node, Ipv4Address dnsServer)
    {
        module = CreateObject<LpwaModule>();
        module->SetNode(node);
        module->GetResolver()->SetServer(dnsServer);
        uart = CreateObject<UartChannel>();
        module->AttachUart(uart);
        host.Attach(uart);
    }

    /// Initialize the module, attach the UART and the host, and switch echo off.
    void StartEchoOff()
    {
        module->Initialize();
        module->AttachUart(uart);
        host.Attach(uart);
        host.TypeAndRun("ATE0\r");
    }

    /// Dispose of the module and the UART.
    void Dispose()
    {
        module->Dispose();
        module = nullptr;
        uart->Dispose();
    }

    Ptr<UartChannel> uart;  //!< the module's UART
    Ptr<LpwaModule> module; //!< the module
    HostRecorder host;      //!< the host on the UART
};

/**
 * \brief Two nodes on a point-to-point link with the Internet stack, numbered from a /24
 * network: node 0 gets .1, node 1 gets .2.
 */
class TwoNodeNetwork
{
  public:
    /// Create the nodes, the link, the stacks and the addresses.
    void Build(DataRate rate, Time delay, const char* network = "10.0.0.0")
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
        p2p.SetChannelAttribute("Delay", TimeValue(delay));
        devices = p2p.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses(network, "255.255.255.0");
        addresses.Assign(devices);
    }

    /// Drop `rate` of the packets each device receives (both directions), from random
    /// streams `stream` and `stream` + 1.
    void SetPacketLoss(double rate, int64_t stream)
    {
        for (uint32_t i = 0; i < devices.GetN(); ++i)
        {
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
            em->SetRate(rate);
            em->AssignStreams(stream + i);
            devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
    }

    /// Node i.
    Ptr<Node> Get(uint32_t i) const
    {
        return nodes.Get(i);
    }

    /// Install a TCP echo server (port 7) on node i.
    Ptr<TcpEchoServer> AddEchoServer(uint32_t i)
    {
        Ptr<TcpEchoServer> echo = CreateObject<TcpEchoServer>();
        nodes.Get(i)->AddApplication(echo);
        return echo;
    }

    /// Install a DNS server with one record on node i.
    Ptr<DnsServer> AddDnsServer(uint32_t i, const std::string& name, Ipv4Address address)
    {
        Ptr<DnsServer> dns = CreateObject<DnsServer>();
        dns->AddRecord(name, address);
        nodes.Get(i)->AddApplication(dns);
        return dns;
    }

    /// End the simulation and forget the addresses handed out, for the next test.
    static void Destroy()
    {
        Simulator::Destroy();
        Ipv4AddressGenerator::Reset();
    }

    NodeContainer nodes;        //!< node 0 and node 1
    NetDeviceContainer devices; //!< the link's devices, node 0's first
};

} // namespace ns3::lpwa::test

#endif // LPWA_TEST_HARNESS_H
