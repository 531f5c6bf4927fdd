/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fault-schedule.h"

#include "radio-cell-net-device.h"

#include "ns3/channel.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaFaultSchedule");
NS_OBJECT_ENSURE_REGISTERED(FaultSchedule);

namespace
{

/// "node 3 device 1" for traces and errors.
std::string
Name(Ptr<NetDevice> device)
{
    std::ostringstream os;
    os << "node " << device->GetNode()->GetId() << " device " << device->GetIfIndex();
    return os.str();
}

} // namespace

TypeId
FaultSchedule::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::FaultSchedule")
                            .SetParent<Object>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<FaultSchedule>()
                            .AddTraceSource("Fault",
                                            "A fault started (true) or ended (false): what it is.",
                                            MakeTraceSourceAccessor(&FaultSchedule::m_trace),
                                            "ns3::lpwa::FaultSchedule::FaultTracedCallback");
    return tid;
}

FaultSchedule::FaultSchedule()
{
    NS_LOG_FUNCTION(this);
}

FaultSchedule::~FaultSchedule()
{
    NS_LOG_FUNCTION(this);
}

void
FaultSchedule::DoDispose()
{
    for (auto& e : m_events)
    {
        e.Cancel();
    }
    m_events.clear();
    m_links.clear();
    Object::DoDispose();
}

void
FaultSchedule::CheckWindow(const std::string& method, Time start, Time duration)
{
    if (start < Simulator::Now())
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::" << method << ": start " << start.As(Time::S)
                                                    << " is in the past");
    }
    if (!duration.IsStrictlyPositive())
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::" << method << ": duration "
                                                    << duration.As(Time::S) << " must be > 0");
    }
}

std::vector<Ptr<NetDevice>>
FaultSchedule::Peers(Ptr<NetDevice> device) const
{
    if (!device)
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule: null device");
    }
    std::vector<Ptr<NetDevice>> peers;
    Ptr<Channel> channel = device->GetChannel();
    if (!channel)
    {
        peers.push_back(device);
        return peers;
    }
    for (std::size_t i = 0; i < channel->GetNDevices(); ++i)
    {
        peers.push_back(channel->GetDevice(i));
    }
    return peers;
}

FaultSchedule::Link&
FaultSchedule::GetLink(Ptr<NetDevice> device)
{
    auto it = m_links.find(device);
    if (it != m_links.end())
    {
        return it->second;
    }
    Link link;
    link.index = static_cast<int64_t>(m_links.size());
    link.model = CreateObject<RateErrorModel>();
    link.model->SetAttribute("ErrorUnit", EnumValue(RateErrorModel::ERROR_UNIT_PACKET));
    link.model->SetAttribute("ErrorRate", DoubleValue(0.0));
    if (m_stream >= 0)
    {
        link.model->AssignStreams(m_stream + link.index);
    }
    if (!device->SetAttributeFailSafe("ReceiveErrorModel", PointerValue(link.model)))
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule: " << Name(device) << " ("
                                                    << device->GetInstanceTypeId().GetName()
                                                    << ") has no ReceiveErrorModel attribute");
    }
    return m_links.emplace(device, link).first->second;
}

void
FaultSchedule::Apply(Link& link)
{
    link.model->SetAttribute("ErrorRate", DoubleValue(link.outages > 0 ? 1.0 : link.lossRate));
    if (link.outages > 0 || link.lossRate > 0)
    {
        link.model->Enable();
    }
    else
    {
        link.model->Disable();
    }
}

void
FaultSchedule::SetOutage(std::vector<Ptr<NetDevice>> devices, bool down, std::string what)
{
    NS_LOG_FUNCTION(this << what << down);
    for (const auto& d : devices)
    {
        Link& link = GetLink(d);
        if (down)
        {
            ++link.outages;
        }
        else if (link.outages > 0)
        {
            --link.outages;
        }
        Apply(link);
    }
    m_trace(what, down);
}

void
FaultSchedule::SetLoss(std::vector<Ptr<NetDevice>> devices, double rate)
{
    for (const auto& d : devices)
    {
        Link& link = GetLink(d);
        link.lossRate = rate;
        Apply(link);
    }
    m_trace("loss " + Name(devices.front()) + " " + std::to_string(rate), rate > 0);
}

void
FaultSchedule::AddDelay(Ptr<Channel> channel, Time extra, std::string what)
{
    TimeValue delay;
    channel->GetAttribute("Delay", delay);
    channel->SetAttribute("Delay", TimeValue(delay.Get() + extra));
    m_trace(what, extra.IsStrictlyPositive());
}

void
FaultSchedule::SetCell(Ptr<RadioCellNetDevice> cell, bool available)
{
    cell->SetAvailable(available);
    m_trace("cell " + Name(cell), !available);
}

void
FaultSchedule::ScheduleCellOutage(Ptr<RadioCellNetDevice> cell, Time start, Time duration)
{
    CheckWindow("ScheduleCellOutage", start, duration);
    if (!cell)
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::ScheduleCellOutage: null cell");
    }
    const Time now = Simulator::Now();
    m_events.push_back(
        Simulator::Schedule(start - now, &FaultSchedule::SetCell, this, cell, false));
    m_events.push_back(
        Simulator::Schedule(start + duration - now, &FaultSchedule::SetCell, this, cell, true));
}

void
FaultSchedule::ScheduleLinkOutage(Ptr<NetDevice> device, Time start, Time duration)
{
    CheckWindow("ScheduleLinkOutage", start, duration);
    const std::vector<Ptr<NetDevice>> peers = Peers(device);
    for (const auto& d : peers)
    {
        GetLink(d); // fail now, not at the start time, on a device without error model
    }
    const std::string what = "link " + Name(device);
    const Time now = Simulator::Now();
    m_events.push_back(
        Simulator::Schedule(start - now, &FaultSchedule::SetOutage, this, peers, true, what));
    m_events.push_back(Simulator::Schedule(start + duration - now,
                                           &FaultSchedule::SetOutage,
                                           this,
                                           peers,
                                           false,
                                           what));
}

void
FaultSchedule::ScheduleBackhaulOutage(Ptr<Node> server, Time start, Time duration)
{
    if (!server)
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::ScheduleBackhaulOutage: null server node");
    }
    for (uint32_t i = 0; i < server->GetNDevices(); ++i)
    {
        Ptr<NetDevice> d = server->GetDevice(i);
        if (d->IsPointToPoint())
        {
            ScheduleLinkOutage(d, start, duration);
            return;
        }
    }
    NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::ScheduleBackhaulOutage: node "
                   << server->GetId() << " has no point-to-point link");
}

void
FaultSchedule::ScheduleLinkLoss(Ptr<NetDevice> device, double rate, Time start)
{
    if (!(rate >= 0 && rate <= 1))
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::ScheduleLinkLoss: rate " << rate
                                                                           << " is not in [0, 1]");
    }
    CheckWindow("ScheduleLinkLoss", start, NanoSeconds(1));
    const std::vector<Ptr<NetDevice>> peers = Peers(device);
    for (const auto& d : peers)
    {
        GetLink(d);
    }
    m_events.push_back(
        Simulator::Schedule(start - Simulator::Now(), &FaultSchedule::SetLoss, this, peers, rate));
}

void
FaultSchedule::ScheduleExtraDelay(Ptr<NetDevice> device, Time extra, Time start, Time duration)
{
    CheckWindow("ScheduleExtraDelay", start, duration);
    if (extra.IsNegative())
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::ScheduleExtraDelay: extra delay "
                       << extra.As(Time::S) << " must be >= 0");
    }
    Ptr<Channel> channel = device ? device->GetChannel() : nullptr;
    TimeValue probe;
    if (!channel || !channel->GetAttributeFailSafe("Delay", probe))
    {
        NS_FATAL_ERROR("ns3::lpwa::FaultSchedule::ScheduleExtraDelay: the device's channel has "
                       "no Delay attribute");
    }
    const std::string what = "delay " + Name(device);
    const Time now = Simulator::Now();
    m_events.push_back(
        Simulator::Schedule(start - now, &FaultSchedule::AddDelay, this, channel, extra, what));
    m_events.push_back(Simulator::Schedule(start + duration - now,
                                           &FaultSchedule::AddDelay,
                                           this,
                                           channel,
                                           Time(0) - extra,
                                           what));
}

bool
FaultSchedule::IsLinkDown(Ptr<NetDevice> device) const
{
    auto it = m_links.find(device);
    return it != m_links.end() && it->second.outages > 0;
}

int64_t
FaultSchedule::AssignStreams(int64_t stream)
{
    m_stream = stream;
    for (auto& [device, link] : m_links)
    {
        link.model->AssignStreams(stream + link.index);
    }
    return 64;
}

} // namespace lpwa
} // namespace ns3
