/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cellular-network-helper.h"

#include "ns3/double.h"
#include "ns3/fatal-error.h"
#include "ns3/indexed-ipv4-routing-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/network-preset.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/radio-cell-net-device.h"
#include "ns3/radio-technology.h"
#include "ns3/radio-ue-net-device.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaCellularNetworkHelper");

namespace
{

/// Install IPv4 (the given routing, static by default; no IPv6) on a node that has none.
void
EnsureStack(Ptr<Node> node, const Ipv4RoutingHelper& routing = Ipv4StaticRoutingHelper())
{
    if (node->GetObject<Ipv4>())
    {
        return;
    }
    InternetStackHelper stack;
    stack.SetRoutingHelper(routing);
    stack.SetIpv6StackInstall(false);
    stack.Install(node);
}

/// Add a device to a node's IPv4 stack with an address, and bring it up.
uint32_t
AddInterface(Ptr<Node> node, Ptr<NetDevice> device, Ipv4Address address, Ipv4Mask mask)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    const int32_t existing = ipv4->GetInterfaceForDevice(device);
    const uint32_t i = existing >= 0 ? static_cast<uint32_t>(existing) : ipv4->AddInterface(device);
    ipv4->AddAddress(i, Ipv4InterfaceAddress(address, mask));
    ipv4->SetUp(i);
    return i;
}

} // namespace

CellularNetworkHelper::CellularNetworkHelper()
    : m_attachStart(CreateObject<ConstantRandomVariable>())
    , m_coreRate("1Gbps")
    , m_coreDelay(MilliSeconds(10))
    , m_cellNetwork("100.64.0.0")
{
    m_cellFactory.SetTypeId(RadioCellNetDevice::GetTypeId());
    m_ueFactory.SetTypeId(RadioUeNetDevice::GetTypeId());
}

void
CellularNetworkHelper::SetNetworkPreset(const std::string& name)
{
    NetworkPreset::Get(name, "ns3::lpwa::CellularNetworkHelper::SetNetworkPreset");
    m_cellFactory.Set("NetworkPreset", StringValue(name));
}

void
CellularNetworkHelper::SetTechnology(const std::string& name)
{
    bool known = false;
    RadioTechnology::FromName(name, &known);
    if (!known)
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::SetTechnology: unknown value \""
                       << name << "\" (Cat-NB1, Cat-NB2, Cat-M1, Cat-M1-FD, Cat-1)");
    }
    m_cellFactory.Set("Technology", StringValue(name));
}

void
CellularNetworkHelper::SetCellAttribute(const std::string& name, const AttributeValue& value)
{
    m_cellFactory.Set(name, value);
}

void
CellularNetworkHelper::SetDeviceAttribute(const std::string& name, const AttributeValue& value)
{
    m_ueFactory.Set(name, value);
}

void
CellularNetworkHelper::SetMclDistribution(Ptr<RandomVariableStream> mcl)
{
    m_mcl = mcl;
}

void
CellularNetworkHelper::SetAttachStart(Ptr<RandomVariableStream> start)
{
    if (!start)
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::SetAttachStart: null distribution");
    }
    m_attachStart = start;
}

void
CellularNetworkHelper::SetAutoAttach(bool enabled)
{
    m_autoAttach = enabled;
}

void
CellularNetworkHelper::SetCoreLink(DataRate rate, Time delay)
{
    if (m_gateway)
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::SetCoreLink after Install()");
    }
    m_coreRate = rate;
    m_coreDelay = delay;
}

void
CellularNetworkHelper::SetServerCount(uint32_t count)
{
    if (m_gateway || count == 0 || count > 16384)
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::SetServerCount: "
                       << count << " (must be 1..16384 and set before Install())");
    }
    m_serverCount = count;
}

void
CellularNetworkHelper::SetCellNetwork(Ipv4Address network, uint8_t prefixLength)
{
    if (m_gateway || prefixLength < 8 || prefixLength > 30)
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::SetCellNetwork: prefix length "
                       << static_cast<int>(prefixLength)
                       << " (must be 8..30 and set before Install())");
    }
    m_cellNetwork = network;
    m_prefix = prefixLength;
}

void
CellularNetworkHelper::CreateCore()
{
    // The gateway has one interface per cell: its routes are indexed by prefix, so forwarding
    // a packet costs the same with 2 cells or 2000 (ns-3's static routing searches them all).
    m_gateway = CreateObject<Node>();
    EnsureStack(m_gateway, IndexedIpv4RoutingHelper());
    m_servers.Create(m_serverCount);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(m_coreRate));
    p2p.SetChannelAttribute("Delay", TimeValue(m_coreDelay));
    const Ipv4Mask mask("255.255.255.252");
    for (uint32_t k = 0; k < m_serverCount; ++k)
    {
        Ptr<Node> server = m_servers.Get(k);
        EnsureStack(server);
        NetDeviceContainer link = p2p.Install(m_gateway, server);
        const uint32_t base = Ipv4Address("172.16.0.0").Get() + (k << 2);
        AddInterface(m_gateway, link.Get(0), Ipv4Address(base + 1), mask);
        const uint32_t i = AddInterface(server, link.Get(1), Ipv4Address(base + 2), mask);
        m_serverAddress.emplace_back(base + 2);
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(server->GetObject<Ipv4>())
            ->SetDefaultRoute(Ipv4Address(base + 1), i);
    }
}

NetDeviceContainer
CellularNetworkHelper::Install(NodeContainer devices)
{
    if (!m_gateway)
    {
        CreateCore();
    }
    const auto cellIndex = static_cast<uint32_t>(m_cells.size());
    const uint64_t hosts = (uint64_t{1} << (32 - m_prefix)) - 2;
    if (devices.GetN() + 1 > hosts)
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::Install: "
                       << devices.GetN() << " devices do not fit a /" << static_cast<int>(m_prefix)
                       << " cell subnet (SetCellNetwork)");
    }
    const uint32_t network = m_cellNetwork.Get() + (cellIndex << (32 - m_prefix));
    const Ipv4Mask mask(static_cast<uint32_t>(~((uint64_t{1} << (32 - m_prefix)) - 1)));
    Ptr<RadioCellNetDevice> cell = m_cellFactory.Create<RadioCellNetDevice>();
    m_gateway->AddDevice(cell);
    const Ipv4Address cellAddress(network + 1);
    AddInterface(m_gateway, cell, cellAddress, mask);
    m_cells.push_back(cell);

    NetDeviceContainer result;
    Ipv4StaticRoutingHelper routing;
    for (uint32_t n = 0; n < devices.GetN(); ++n)
    {
        Ptr<Node> node = devices.Get(n);
        EnsureStack(node);
        Ptr<RadioUeNetDevice> ue = m_ueFactory.Create<RadioUeNetDevice>();
        if (m_mcl)
        {
            ue->SetAttribute("Mcl", DoubleValue(m_mcl->GetValue()));
        }
        node->AddDevice(ue);
        const uint32_t index = cell->AddDevice(ue);
        const Ipv4Address address(network + 2 + n);
        const uint32_t i = AddInterface(node, ue, address, mask);
        cell->MapAddress(address, index);
        routing.GetStaticRouting(node->GetObject<Ipv4>())->SetDefaultRoute(cellAddress, i);
        Time start;
        if (m_autoAttach)
        {
            start = Seconds(m_attachStart->GetValue());
            Simulator::ScheduleWithContext(node->GetId(), start, &RadioUeNetDevice::Attach, ue);
        }
        m_devices.push_back(ue);
        m_attachStarts.push_back(start);
        result.Add(ue);
    }
    return result;
}

Ptr<Node>
CellularNetworkHelper::GetGateway() const
{
    return m_gateway;
}

uint32_t
CellularNetworkHelper::GetServerCount() const
{
    return m_servers.GetN();
}

Ptr<Node>
CellularNetworkHelper::GetServer(uint32_t i) const
{
    if (i >= m_servers.GetN())
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::GetServer: index " << i
                                                                             << " out of range");
    }
    return m_servers.Get(i);
}

uint32_t
CellularNetworkHelper::GetDeviceCount() const
{
    return m_devices.size();
}

Time
CellularNetworkHelper::GetAttachStart(uint32_t i) const
{
    if (i >= m_attachStarts.size())
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::GetAttachStart: device index "
                       << i << " out of range (" << m_attachStarts.size() << " devices)");
    }
    return m_attachStarts[i];
}

Ipv4Address
CellularNetworkHelper::GetServerAddress(uint32_t i) const
{
    if (i >= m_serverAddress.size())
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::GetServerAddress: index "
                       << i << " out of range");
    }
    return m_serverAddress[i];
}

uint32_t
CellularNetworkHelper::GetCellCount() const
{
    return static_cast<uint32_t>(m_cells.size());
}

Ptr<RadioCellNetDevice>
CellularNetworkHelper::GetCell(uint32_t i) const
{
    if (i >= m_cells.size())
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularNetworkHelper::GetCell: index " << i << " out of range");
    }
    return m_cells[i];
}

int64_t
CellularNetworkHelper::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    if (m_mcl)
    {
        m_mcl->SetStream(stream + used);
    }
    ++used;
    m_attachStart->SetStream(stream + used++);
    for (auto& cell : m_cells)
    {
        used += cell->AssignStreams(stream + used);
    }
    for (auto& ue : m_devices)
    {
        used += ue->AssignStreams(stream + used);
    }
    return used;
}

} // namespace lpwa
} // namespace ns3
