/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-cell-net-device.h"

#include "radio-scheduler.h"
#include "radio-ue-net-device.h"
#include "random-access-channel.h"
#include "round-robin-radio-scheduler.h"

#include "ns3/fatal-error.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRadioCellNetDevice");
NS_OBJECT_ENSURE_REGISTERED(RadioCellNetDevice);

namespace
{
constexpr int DL = 0; //!< index of the downlink in per-direction arrays
constexpr int UL = 1; //!< index of the uplink
} // namespace

TypeId
RadioCellNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RadioCellNetDevice")
            .SetParent<RadioNetDevice>()
            .SetGroupName("LpwaModem")
            .AddConstructor<RadioCellNetDevice>()
            .AddAttribute("Technology",
                          "Radio access technology: Cat-NB1, Cat-NB2, Cat-M1 (HD-FDD), "
                          "Cat-M1-FD or Cat-1. Cannot change once devices were added.",
                          StringValue("Cat-NB1"),
                          MakeStringAccessor(&RadioCellNetDevice::SetTechnologyName,
                                             &RadioCellNetDevice::GetTechnologyName),
                          MakeStringChecker())
            .AddAttribute("NetworkPreset",
                          "The network's configuration (NetworkPreset): RRC and core "
                          "processing, scheduler delay, PRACH and search-space periods, block "
                          "error rates, inactivity timer. live-robinson2019 (default) or "
                          "3gpp-evaluation. Cannot change once devices were added.",
                          StringValue(NetworkPreset::GetDefaultName()),
                          MakeStringAccessor(&RadioCellNetDevice::SetNetworkPresetName,
                                             &RadioCellNetDevice::GetNetworkPresetName),
                          MakeStringChecker())
            .AddAttribute("Scheduler",
                          "Factory of the uplink and downlink schedulers (a RadioScheduler "
                          "subclass). Read when the cell is initialised.",
                          StringValue("ns3::lpwa::RoundRobinRadioScheduler"),
                          MakeObjectFactoryAccessor(&RadioCellNetDevice::m_schedulerFactory),
                          MakeObjectFactoryChecker())
            .AddAttribute("DownlinkBufferSize",
                          "Downlink packets held per device while it is idle, connecting or "
                          "in PSM; more are dropped (modelling assumption).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&RadioCellNetDevice::m_downlinkBuffer),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Transmission",
                            "A transfer was carried: device index, uplink, bytes, repetitions, "
                            "delay from queueing to its last block, signalling.",
                            MakeTraceSourceAccessor(&RadioCellNetDevice::m_txTrace),
                            "ns3::lpwa::RadioCellNetDevice::TransmissionTracedCallback")
            .AddTraceSource("Drop",
                            "A packet was dropped (downlink, or queued uplink on a radio link "
                            "failure): the packet and the reason.",
                            MakeTraceSourceAccessor(&RadioCellNetDevice::m_dropTrace),
                            "ns3::lpwa::RadioCellNetDevice::DropTracedCallback")
            .AddTraceSource("Availability",
                            "The cell went up (true) or down (false).",
                            MakeTraceSourceAccessor(&RadioCellNetDevice::m_availabilityTrace),
                            "ns3::TracedValueCallback::Bool");
    return tid;
}

RadioCellNetDevice::RadioCellNetDevice()
    : m_technology(RadioTechnology::CatNb1())
    , m_technologyName("Cat-NB1")
    , m_preset(&NetworkPreset::Get(NetworkPreset::GetDefaultName(), "RadioCellNetDevice"))
    , m_rach(CreateObject<RandomAccessChannel>())
    , m_harqRng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    m_schedulerFactory.SetTypeId(RoundRobinRadioScheduler::GetTypeId());
    Configure();
    m_rach->SetResultCallback(
        [this](uint32_t index, bool success, uint32_t level)
        {
            RandomAccessResult(index, success, level);
        });
}

RadioCellNetDevice::~RadioCellNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
RadioCellNetDevice::DoInitialize()
{
    GetScheduler(true);
    RadioNetDevice::DoInitialize();
}

void
RadioCellNetDevice::DoDispose()
{
    for (auto& c : m_contexts)
    {
        c.paging.Cancel();
    }
    m_contexts.clear();
    m_addresses.clear();
    m_rach->Dispose();
    m_rach = nullptr;
    m_harqRng = nullptr;
    for (auto& r : m_resources)
    {
        r.scheduler = nullptr;
    }
    RadioNetDevice::DoDispose();
}

void
RadioCellNetDevice::SetTechnologyName(const std::string& name)
{
    bool known = false;
    RadioTechnology::FromName(name, &known);
    if (!known)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioCellNetDevice: attribute Technology: unknown value \""
                       << name << "\" (Cat-NB1, Cat-NB2, Cat-M1, Cat-M1-FD, Cat-1)");
    }
    if (!m_contexts.empty())
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioCellNetDevice: attribute Technology set to \""
                       << name << "\" after devices were added");
    }
    m_technologyName = name;
    Configure();
}

void
RadioCellNetDevice::SetNetworkPresetName(const std::string& name)
{
    m_preset = &NetworkPreset::Get(name, "ns3::lpwa::RadioCellNetDevice: attribute NetworkPreset");
    if (!m_contexts.empty())
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioCellNetDevice: attribute NetworkPreset set to \""
                       << name << "\" after devices were added");
    }
    Configure();
}

std::string
RadioCellNetDevice::GetNetworkPresetName() const
{
    return m_preset->GetName();
}

const NetworkPreset&
RadioCellNetDevice::GetNetworkPreset() const
{
    return *m_preset;
}

void
RadioCellNetDevice::Configure()
{
    bool known = false;
    m_technology = RadioTechnology::FromName(m_technologyName, &known);
    m_preset->Apply(m_technology);
    m_rach->SetTechnology(m_technology);
}

std::string
RadioCellNetDevice::GetTechnologyName() const
{
    return m_technology.GetName();
}

const RadioTechnology&
RadioCellNetDevice::GetTechnology() const
{
    return m_technology;
}

Ptr<RandomAccessChannel>
RadioCellNetDevice::GetRandomAccessChannel() const
{
    return m_rach;
}

Ptr<RadioScheduler>
RadioCellNetDevice::GetScheduler(bool uplink) const
{
    auto* self = const_cast<RadioCellNetDevice*>(this);
    for (auto& r : self->m_resources)
    {
        if (!r.scheduler)
        {
            r.scheduler = m_schedulerFactory.Create<RadioScheduler>();
            if (!r.scheduler)
            {
                NS_FATAL_ERROR("ns3::lpwa::RadioCellNetDevice: attribute Scheduler: "
                               << m_schedulerFactory.GetTypeId().GetName()
                               << " is not a RadioScheduler");
            }
        }
    }
    return m_resources[uplink ? UL : DL].scheduler;
}

Time
RadioCellNetDevice::GetBusyTime(bool uplink) const
{
    return m_resources[uplink ? UL : DL].busyTime;
}

uint64_t
RadioCellNetDevice::GetHarqRetransmissions() const
{
    return m_harqRetransmissions;
}

int64_t
RadioCellNetDevice::AssignStreams(int64_t stream)
{
    const int64_t used = m_rach->AssignStreams(stream);
    m_harqRng->SetStream(stream + used);
    return used + 1;
}

uint32_t
RadioCellNetDevice::AddDevice(Ptr<RadioUeNetDevice> device)
{
    const auto index = static_cast<uint32_t>(m_contexts.size());
    m_contexts.emplace_back();
    m_contexts.back().device = device;
    device->SetCell(this, index);
    return index;
}

void
RadioCellNetDevice::MapAddress(Ipv4Address address, uint32_t index)
{
    Get(index, "MapAddress");
    m_addresses[address.Get()] = index;
}

uint32_t
RadioCellNetDevice::GetDeviceCount() const
{
    return static_cast<uint32_t>(m_contexts.size());
}

Ptr<RadioUeNetDevice>
RadioCellNetDevice::GetDevice(uint32_t index) const
{
    return const_cast<RadioCellNetDevice*>(this)->Get(index, "GetDevice").device;
}

RadioCellNetDevice::Context&
RadioCellNetDevice::Get(uint32_t index, const char* what)
{
    if (index >= m_contexts.size())
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioCellNetDevice::" << what << ": device index " << index
                                                         << " is not in 0.." << m_contexts.size()
                                                         << "-1");
    }
    return m_contexts[index];
}

void
RadioCellNetDevice::SetAvailable(bool available)
{
    if (available == m_available)
    {
        return;
    }
    NS_LOG_INFO("cell " << (available ? "up" : "down"));
    m_available = available;
    SetLinkUp(available);
    m_availabilityTrace(available);
    if (!available)
    {
        m_rach->CancelAll();
        for (uint32_t i = 0; i < m_contexts.size(); ++i)
        {
            CancelDevice(i);
            m_contexts[i].device->NotifyServiceLost();
        }
    }
    else
    {
        for (auto& c : m_contexts)
        {
            c.device->NotifyServiceRestored();
        }
    }
}

bool
RadioCellNetDevice::IsAvailable() const
{
    return m_available;
}

bool
RadioCellNetDevice::Send(Ptr<Packet> packet, const Address& /* dest */, uint16_t protocolNumber)
{
    if (!m_available)
    {
        m_dropTrace(packet, "cell down");
        return false;
    }
    Ipv4Header ip;
    if (protocolNumber != Ipv4L3Protocol::PROT_NUMBER || packet->PeekHeader(ip) == 0)
    {
        m_dropTrace(packet, "not IPv4");
        return false;
    }
    auto it = m_addresses.find(ip.GetDestination().Get());
    if (it == m_addresses.end())
    {
        m_dropTrace(packet, "unknown destination");
        return false;
    }
    const uint32_t index = it->second;
    Context& c = m_contexts[index];
    switch (c.device->GetState())
    {
        case RadioUeNetDevice::CONNECTED:
            Enqueue(index, false, Transfer{packet, protocolNumber, packet->GetSize(), 0, Time()});
            c.device->NotifyActivity();
            return true;
        case RadioUeNetDevice::IDLE:
            Hold(index, packet, protocolNumber);
            SchedulePaging(index);
            return true;
        case RadioUeNetDevice::CONNECTING:
        case RadioUeNetDevice::PSM:
            Hold(index, packet, protocolNumber);
            return true;
        default:
            m_dropTrace(packet, "device not registered");
            return false;
    }
}

void
RadioCellNetDevice::Hold(uint32_t index, Ptr<Packet> packet, uint16_t protocol)
{
    Context& c = m_contexts[index];
    if (c.held.size() >= m_downlinkBuffer)
    {
        m_dropTrace(packet, "downlink buffer full");
        return;
    }
    c.held.emplace_back(packet, protocol);
}

void
RadioCellNetDevice::SchedulePaging(uint32_t index)
{
    Context& c = m_contexts[index];
    if (c.paging.IsRunning() || c.held.empty())
    {
        return;
    }
    const Time now = Simulator::Now();
    const Time po = c.device->GetNextPagingOccasion(now);
    c.paging = Simulator::Schedule(po - now, &RadioCellNetDevice::Page, this, index);
}

void
RadioCellNetDevice::Page(uint32_t index)
{
    Context& c = m_contexts[index];
    if (!c.held.empty() && c.device->GetState() == RadioUeNetDevice::IDLE)
    {
        NS_LOG_LOGIC("paging device " << index);
        c.device->NotifyPaged();
    }
}

void
RadioCellNetDevice::NotifyConnected(uint32_t index)
{
    Context& c = Get(index, "NotifyConnected");
    c.paging.Cancel();
    while (!c.held.empty())
    {
        auto [packet, protocol] = c.held.front();
        c.held.pop_front();
        Enqueue(index, false, Transfer{packet, protocol, packet->GetSize(), 0, Time()});
    }
}

void
RadioCellNetDevice::NotifyIdle(uint32_t index)
{
    Get(index, "NotifyIdle");
    SchedulePaging(index);
}

void
RadioCellNetDevice::CancelDevice(uint32_t index)
{
    Context& c = Get(index, "CancelDevice");
    ++c.generation;
    c.grantRequest = GrantRequest::NONE;
    for (int d : {DL, UL})
    {
        c.queue[d].clear();
        c.armed[d] = false;
        c.busy[d] = false;
        if (m_resources[d].scheduler)
        {
            m_resources[d].scheduler->Remove(index);
        }
    }
    for (const auto& h : c.held)
    {
        m_dropTrace(h.first, "device detached");
    }
    c.held.clear();
    c.paging.Cancel();
    m_rach->Cancel(index);
}

bool
RadioCellNetDevice::HasPending(uint32_t index) const
{
    const Context& c = m_contexts.at(index);
    return !c.queue[DL].empty() || !c.queue[UL].empty() || !c.held.empty();
}

void
RadioCellNetDevice::RequestAccess(uint32_t index, uint32_t level)
{
    Get(index, "RequestAccess");
    m_rach->Request(index, level);
}

void
RadioCellNetDevice::RandomAccessResult(uint32_t index, bool success, uint32_t level)
{
    if (m_contexts[index].grantRequest == GrantRequest::RANDOM_ACCESS)
    {
        MacRandomAccessResult(index, success, level);
        return;
    }
    m_contexts[index].device->NotifyRandomAccessResult(success, level);
}

void
RadioCellNetDevice::RequestUplinkGrant(uint32_t index)
{
    Context& c = m_contexts[index];
    const uint32_t level = c.device->GetCurrentCoverageClass();
    if (m_technology.NeedsRandomAccessForGrant())
    {
        NS_LOG_LOGIC("device " << index << ": uplink data without a grant, random access");
        c.grantRequest = GrantRequest::RANDOM_ACCESS;
        c.device->NotifyMacRandomAccess(true, level);
        m_rach->Request(index, level);
        return;
    }
    c.grantRequest = GrantRequest::SCHEDULING_REQUEST;
    // Each device's SR opportunity sits at its own subframe of the period.
    const auto& mac = m_technology.GetMacTiming();
    const Time offset = MilliSeconds(index % std::max<int64_t>(mac.srPeriod.GetMilliSeconds(), 1));
    const Time delay = RadioTechnology::UntilNext(Simulator::Now(), mac.srPeriod, offset) +
                       m_technology.GetCoverageClass(level).srDuration + mac.enbSchedulingDelay;
    Simulator::Schedule(delay, &RadioCellNetDevice::UplinkGrant, this, index, c.generation);
}

void
RadioCellNetDevice::UplinkGrant(uint32_t index, uint32_t generation)
{
    Context& c = m_contexts[index];
    if (generation != c.generation || c.grantRequest != GrantRequest::SCHEDULING_REQUEST)
    {
        return;
    }
    c.grantRequest = GrantRequest::NONE;
    const uint32_t level = c.device->GetCurrentCoverageClass();
    Arm(index, true, m_technology.GetBlockStartDelay(level, true, Simulator::Now()));
}

void
RadioCellNetDevice::MacRandomAccessResult(uint32_t index, bool success, uint32_t level)
{
    Context& c = m_contexts[index];
    c.grantRequest = GrantRequest::NONE;
    c.device->NotifyMacRandomAccess(false, level);
    if (success)
    {
        // The random access response carries the Msg3 grant: Msg3 (C-RNTI and the buffer
        // status report) goes first, then the eNB schedules the data.
        const Time now = Simulator::Now();
        c.queue[UL].push_front(Transfer{nullptr, 0, 7, 7, now, true});
        Arm(index, true, m_technology.GetMacTiming().ulSchedulingGap);
        return;
    }
    NS_LOG_INFO("device " << index << ": random access for an uplink grant failed");
    for (int d : {DL, UL})
    {
        for (const auto& t : c.queue[d])
        {
            if (t.packet)
            {
                m_dropTrace(t.packet, "radio link failure");
            }
        }
    }
    CancelDevice(index);
    c.device->NotifyRadioLinkFailure();
}

void
RadioCellNetDevice::EnqueueUplinkData(uint32_t index, Ptr<Packet> packet, uint16_t protocol)
{
    Get(index, "EnqueueUplinkData");
    Enqueue(index, true, Transfer{packet, protocol, packet->GetSize(), 0, Time()});
}

void
RadioCellNetDevice::EnqueueSignalling(uint32_t index, bool uplink, uint32_t bytes)
{
    Get(index, "EnqueueSignalling");
    Enqueue(index, uplink, Transfer{nullptr, 0, bytes, 0, Time()});
}

void
RadioCellNetDevice::Enqueue(uint32_t index, bool uplink, Transfer t)
{
    Context& c = m_contexts[index];
    const int d = uplink ? UL : DL;
    const Time now = Simulator::Now();
    t.remaining = t.bytes;
    t.enqueued = now;
    const bool idle = c.queue[d].empty() && !c.armed[d] && !c.busy[d] &&
                      !(uplink && c.grantRequest != GrantRequest::NONE);
    c.queue[d].push_back(t);
    if (!idle)
    {
        return; // follows the blocks before it
    }
    const uint32_t level = c.device->GetCurrentCoverageClass();
    if (uplink)
    {
        // Data needs a grant unless the device sent an uplink block in this very instant (its
        // buffer status rides on that block: the last message of a procedure).
        if (t.packet && c.lastUplinkBlock != now)
        {
            RequestUplinkGrant(index);
            return;
        }
        Arm(index, true, m_technology.GetBlockStartDelay(level, true, now));
        return;
    }
    const Time scheduling = m_technology.GetMacTiming().enbSchedulingDelay;
    Arm(index, false, scheduling + m_technology.GetBlockStartDelay(level, false, now + scheduling));
}

void
RadioCellNetDevice::Arm(uint32_t index, bool uplink, Time delay)
{
    Context& c = m_contexts[index];
    c.armed[uplink ? UL : DL] = true;
    Simulator::Schedule(delay, &RadioCellNetDevice::BlockReady, this, index, uplink, c.generation);
}

void
RadioCellNetDevice::BlockReady(uint32_t index, bool uplink, uint32_t generation)
{
    Context& c = m_contexts[index];
    if (generation != c.generation)
    {
        return;
    }
    Ptr<RadioScheduler> s = GetScheduler(uplink);
    if (!s->IsWaiting(index))
    {
        s->Add(index);
    }
    Kick(uplink);
}

void
RadioCellNetDevice::Kick(bool uplink)
{
    const int d = uplink ? UL : DL;
    Resource& r = m_resources[d];
    if (r.busy || !r.scheduler)
    {
        return;
    }
    const bool halfDuplex = m_technology.IsHalfDuplex();
    uint32_t index = 0;
    const bool found = r.scheduler->PickNext(
        [this, halfDuplex, d](uint32_t i)
        {
            return !halfDuplex || !m_contexts[i].busy[1 - d];
        },
        &index);
    if (!found)
    {
        return;
    }
    Context& c = m_contexts[index];
    const Transfer& t = c.queue[d].front();
    const uint32_t level = c.device->GetCurrentCoverageClass();
    const auto& cc = m_technology.GetCoverageClass(level);
    const uint32_t bytes = std::min(t.remaining, uplink ? cc.ulTbsBytes : cc.dlTbsBytes);
    const Time airtime = m_technology.GetBlockAirtime(level, uplink, bytes);
    r.busy = true;
    c.busy[d] = true;
    c.armed[d] = false;
    c.device->NotifyAirtime(uplink, airtime);
    Simulator::Schedule(airtime,
                        &RadioCellNetDevice::BlockDone,
                        this,
                        index,
                        uplink,
                        c.generation,
                        bytes,
                        airtime);
}

void
RadioCellNetDevice::BlockDone(uint32_t index,
                              bool uplink,
                              uint32_t generation,
                              uint32_t bytes,
                              Time airtime)
{
    const int d = uplink ? UL : DL;
    Resource& r = m_resources[d];
    r.busy = false;
    r.busyTime += airtime;
    Context& c = m_contexts[index];
    if (generation == c.generation)
    {
        c.busy[d] = false;
        const Time now = Simulator::Now();
        if (uplink)
        {
            c.lastUplinkBlock = now;
        }
        const uint32_t level = c.device->GetCurrentCoverageClass();
        const auto& cc = m_technology.GetCoverageClass(level);
        // The next block's (or a retransmission's) delay: at once with several HARQ processes,
        // else after this block's feedback and the next search-space occasion.
        auto nextBlockDelay = [&]()
        {
            if (cc.harqProcesses > 1)
            {
                return Time();
            }
            const Time feedback = m_technology.GetHarqFeedbackDelay(level, uplink);
            return feedback + m_technology.GetBlockStartDelay(level, uplink, now + feedback);
        };
        if (cc.bler > 0 && m_harqRng->GetValue() < cc.bler)
        {
            // Lost: the same block again. With one HARQ process once its feedback is known;
            // with more the other processes keep the resource busy meanwhile, so the
            // retransmission costs its airtime, not a stall (its own HARQ round trip is not
            // modelled).
            ++m_harqRetransmissions;
            Arm(index, uplink, nextBlockDelay());
        }
        else
        {
            Transfer& t = c.queue[d].front();
            t.remaining -= bytes;
            Transfer done;
            const bool finished = t.remaining == 0;
            if (finished)
            {
                done = t;
                c.queue[d].pop_front();
            }
            if (!c.queue[d].empty())
            {
                // One HARQ process: wait for this block's feedback; more: the next block's DCI
                // went out while this one was on the air.
                Arm(index, uplink, nextBlockDelay());
            }
            if (finished)
            {
                Complete(index, uplink, done);
            }
        }
        if (m_technology.IsHalfDuplex())
        {
            Kick(!uplink);
        }
    }
    Kick(uplink);
}

void
RadioCellNetDevice::Complete(uint32_t index, bool uplink, const Transfer& t)
{
    Ptr<RadioUeNetDevice> ue = m_contexts[index].device;
    const uint32_t level = ue->GetCurrentCoverageClass();
    const auto& cc = m_technology.GetCoverageClass(level);
    m_txTrace(index,
              uplink,
              t.bytes,
              uplink ? cc.ulRepetitions : cc.dlRepetitions,
              Simulator::Now() - t.enqueued,
              !t.packet);
    if (t.mac)
    {
        return;
    }
    if (!t.packet)
    {
        ue->NotifySignallingDone(uplink);
    }
    else if (uplink)
    {
        ue->NotifyActivity();
        DeliverUp(t.packet, t.protocol, ue->GetAddress());
    }
    else
    {
        ue->NotifyActivity();
        ue->ReceiveDownlink(t.packet, t.protocol);
    }
}

} // namespace lpwa
} // namespace ns3
