/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Shared scenario for the radio access model tests (test/radio-*-test.cc): a cell built by
// CellularNetworkHelper, a UDP echo on server 0 and UDP probes on the devices.

#ifndef LPWA_RADIO_TEST_SCENARIO_H
#define LPWA_RADIO_TEST_SCENARIO_H

#include "ns3/boolean.h"
#include "ns3/cellular-network-helper.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/radio-cell-net-device.h"
#include "ns3/radio-ue-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"

#include <map>
#include <string>
#include <vector>

namespace ns3::lpwa::test
{

/// A cell with devices, a UDP echo server on server 0 (port 7) and per-device UDP probes.
class RadioScenario
{
  public:
    /// Before Build(): devices attach at uniform times in [0, maxSeconds] s.
    void SpreadAttach(double maxSeconds)
    {
        Ptr<UniformRandomVariable> start = CreateObject<UniformRandomVariable>();
        start->SetAttribute("Max", DoubleValue(maxSeconds));
        helper.SetAttachStart(start);
    }

    /// Before Build(): PSM on with active timer T3324 (and T3412 unless negative).
    void EnablePsm(Time t3324, Time t3412 = Seconds(-1))
    {
        helper.SetDeviceAttribute("PsmEnabled", BooleanValue(true));
        helper.SetDeviceAttribute("T3324", TimeValue(t3324));
        if (!t3412.IsStrictlyNegative())
        {
            helper.SetDeviceAttribute("T3412", TimeValue(t3412));
        }
    }

    /// Build one cell of `count` devices.
    void Build(const std::string& technology, uint32_t count, bool autoAttach = true)
    {
        helper.SetTechnology(technology);
        helper.SetAutoAttach(autoAttach);
        nodes.Create(count);
        helper.AssignStreams(1000);
        devices = helper.Install(nodes);
        helper.AssignStreams(1000);
        cell = helper.GetCell(0);
    }

    /// Device i.
    Ptr<RadioUeNetDevice> Ue(uint32_t i) const
    {
        return DynamicCast<RadioUeNetDevice>(devices.Get(i));
    }

    /// Start a UDP echo on server 0, port 7; `echo` false only records arrivals.
    void AddServer(bool echo = true)
    {
        m_echo = echo;
        m_server = Socket::CreateSocket(helper.GetServer(0), UdpSocketFactory::GetTypeId());
        m_server->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7));
        m_server->SetRecvCallback(MakeCallback(&RadioScenario::ServerRead, this));
    }

    /// Send `bytes` of UDP payload from device i to the server now.
    void SendFrom(uint32_t i, uint32_t bytes)
    {
        Ptr<Socket>& s = m_clients[i];
        if (!s)
        {
            s = Socket::CreateSocket(nodes.Get(i), UdpSocketFactory::GetTypeId());
            s->Bind();
            s->Connect(InetSocketAddress(helper.GetServerAddress(0), 7));
            s->SetRecvCallback(MakeCallback(&RadioScenario::ClientRead, this));
            m_socketOwner[PeekPointer(s)] = i;
        }
        sent[i].push_back(Simulator::Now());
        s->Send(Create<Packet>(bytes));
    }

    /// Schedule SendFrom(i, bytes) at an absolute time.
    void SendAt(Time at, uint32_t i, uint32_t bytes)
    {
        Simulator::Schedule(at - Simulator::Now(), &RadioScenario::SendFrom, this, i, bytes);
    }

    /// Device i's IPv4 address.
    Ipv4Address AddressOf(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    }

    /// End the simulation.
    static void Destroy()
    {
        Simulator::Destroy();
        Ipv4AddressGenerator::Reset();
    }

    CellularNetworkHelper helper;                  //!< the network
    NodeContainer nodes;                           //!< device nodes
    NetDeviceContainer devices;                    //!< RadioUeNetDevices
    Ptr<RadioCellNetDevice> cell;                  //!< the cell
    std::map<uint32_t, std::vector<Time>> sent;    //!< device -> send times
    std::map<uint32_t, std::vector<Time>> arrived; //!< device address -> server arrivals
    std::map<uint32_t, std::vector<Time>> echoed;  //!< device -> echo arrivals

  private:
    void ServerRead(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            const Ipv4Address source = InetSocketAddress::ConvertFrom(from).GetIpv4();
            arrived[source.Get()].push_back(Simulator::Now());
            if (m_echo)
            {
                socket->SendTo(p, 0, from);
            }
        }
    }

    void ClientRead(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            echoed[m_socketOwner[PeekPointer(socket)]].push_back(Simulator::Now());
        }
    }

    bool m_echo{true};                         //!< echo back
    Ptr<Socket> m_server;                      //!< server socket
    std::map<uint32_t, Ptr<Socket>> m_clients; //!< device -> socket
    std::map<Socket*, uint32_t> m_socketOwner; //!< socket -> device
};

} // namespace ns3::lpwa::test

#endif // LPWA_RADIO_TEST_SCENARIO_H
