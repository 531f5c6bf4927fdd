/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-energy-model.h"

#include "radio-cell-net-device.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRadioEnergyModel");
NS_OBJECT_ENSURE_REGISTERED(RadioEnergyModel);

TypeId
RadioEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RadioEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("LpwaModem")
            .AddConstructor<RadioEnergyModel>()
            .AddAttribute("Profile",
                          "RadioEnergyProfile name (nRF9160-Cat-NB1, nRF9160-Cat-M1); empty: "
                          "the profile of the cell's technology.",
                          StringValue(""),
                          MakeStringAccessor(&RadioEnergyModel::m_profileName),
                          MakeStringChecker())
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy consumed, J, updated at each state change.",
                            MakeTraceSourceAccessor(&RadioEnergyModel::m_totalEnergy),
                            "ns3::TracedValueCallback::Double")
            .AddTraceSource("StateTransition",
                            "The energy state changed: old state, new state.",
                            MakeTraceSourceAccessor(&RadioEnergyModel::m_stateTrace),
                            "ns3::lpwa::RadioEnergyModel::StateTransitionTracedCallback")
            .AddTraceSource("EnergyDepleted",
                            "The energy source ran out; the device was detached.",
                            MakeTraceSourceAccessor(&RadioEnergyModel::m_depletedTrace),
                            "ns3::TracedCallback::Void");
    return tid;
}

RadioEnergyModel::RadioEnergyModel()
    : m_energy(STATE_COUNT, 0.0)
    , m_time(STATE_COUNT, Time())
    , m_totalEnergy(0)
{
    NS_LOG_FUNCTION(this);
}

RadioEnergyModel::~RadioEnergyModel()
{
    NS_LOG_FUNCTION(this);
}

void
RadioEnergyModel::DoDispose()
{
    if (m_device)
    {
        m_device->TraceDisconnectWithoutContext(
            "StateTransition",
            MakeCallback(&RadioEnergyModel::DeviceStateChanged, this));
        m_device->TraceDisconnectWithoutContext(
            "RandomAccess",
            MakeCallback(&RadioEnergyModel::RandomAccessChanged, this));
        m_device->TraceDisconnectWithoutContext("Airtime",
                                                MakeCallback(&RadioEnergyModel::Airtime, this));
    }
    m_device = nullptr;
    m_source = nullptr;
    DeviceEnergyModel::DoDispose();
}

const StateTransitionTable<RadioEnergyModel::State>&
RadioEnergyModel::GetTransitionTable()
{
    static const StateTransitionTable<State> table(
        {"OFF", "SEARCH", "RANDOM_ACCESS", "CONNECTED", "TX", "RX", "IDLE", "PSM", "DEPLETED"},
        {
            {OFF, SEARCH},              // attach: cell search
            {SEARCH, RANDOM_ACCESS},    // preambles
            {SEARCH, OFF},              // no cell, detach
            {RANDOM_ACCESS, CONNECTED}, // access done: RRC / NAS signalling
            {RANDOM_ACCESS, OFF},       // detach
            {CONNECTED, TX},            // uplink block on the air
            {CONNECTED, RX},            // downlink block on the air
            {CONNECTED, IDLE},          // release, or random access failed
            {CONNECTED, OFF},           // attach failed, detach
            {TX, RX},                   // uplink done, downlink still on the air
            {TX, CONNECTED},            // block done
            {TX, IDLE},                 // released
            {TX, OFF},                  // detach
            {RX, TX},                   // uplink block while receiving (full duplex)
            {RX, CONNECTED},            // block done
            {RX, IDLE},                 // released
            {RX, OFF},                  // detach
            {IDLE, PSM},                // T3324
            {IDLE, SEARCH},             // connection: RA follows at once
            {IDLE, OFF},                // detach
            {PSM, SEARCH},              // resynchronisation
            {PSM, OFF},                 // detach
            {OFF, DEPLETED},            // source empty
            {SEARCH, DEPLETED},
            {RANDOM_ACCESS, DEPLETED},
            {CONNECTED, DEPLETED},
            {TX, DEPLETED},
            {RX, DEPLETED},
            {IDLE, DEPLETED},
            {PSM, DEPLETED},
            {DEPLETED, OFF}, // recharged: the device stays detached
        });
    return table;
}

std::string
RadioEnergyModel::GetStateName(State state)
{
    return GetTransitionTable().GetName(state);
}

void
RadioEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_LOG_FUNCTION(this << source);
    if (!source)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyModel::SetEnergySource: null source");
    }
    m_source = source;
    m_lastUpdate = Simulator::Now();
}

void
RadioEnergyModel::SetDevice(Ptr<RadioUeNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    if (!device)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyModel::SetDevice: null device");
    }
    if (m_device)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyModel::SetDevice: already follows a device");
    }
    m_device = device;
    if (!m_profileSet)
    {
        if (m_profileName.empty())
        {
            m_profile = RadioEnergyProfile::ForTechnology(
                device->GetCell() ? device->GetCell()->GetTechnology().GetName() : "Cat-NB1");
        }
        else
        {
            bool known = false;
            m_profile = RadioEnergyProfile::FromName(m_profileName, &known);
            if (!known)
            {
                NS_FATAL_ERROR("ns3::lpwa::RadioEnergyModel: attribute Profile: unknown profile \""
                               << m_profileName << "\" (known: nRF9160-Cat-NB1, nRF9160-Cat-M1)");
            }
        }
    }
    device->TraceConnectWithoutContext("StateTransition",
                                       MakeCallback(&RadioEnergyModel::DeviceStateChanged, this));
    device->TraceConnectWithoutContext("RandomAccess",
                                       MakeCallback(&RadioEnergyModel::RandomAccessChanged, this));
    device->TraceConnectWithoutContext("Airtime", MakeCallback(&RadioEnergyModel::Airtime, this));
    m_lastUpdate = Simulator::Now();
    if (device->GetState() == RadioUeNetDevice::IDLE)
    {
        UpdateIdleCurrent();
    }
    m_state = StateOf(device->GetState());
}

Ptr<RadioUeNetDevice>
RadioEnergyModel::GetDevice() const
{
    return m_device;
}

void
RadioEnergyModel::SetProfile(const RadioEnergyProfile& profile)
{
    Account();
    m_profile = profile;
    m_profileSet = true;
    if (m_device && m_state == IDLE)
    {
        UpdateIdleCurrent();
    }
}

const RadioEnergyProfile&
RadioEnergyModel::GetProfile() const
{
    return m_profile;
}

RadioEnergyModel::State
RadioEnergyModel::GetState() const
{
    return m_state;
}

bool
RadioEnergyModel::IsDepleted() const
{
    return m_depleted;
}

double
RadioEnergyModel::CurrentOf(State state) const
{
    switch (state)
    {
        case OFF:
            return m_profile.GetOffCurrent();
        case SEARCH:
            return m_profile.GetSearchCurrent();
        case RANDOM_ACCESS:
            return m_profile.GetRandomAccessCurrent();
        case CONNECTED:
            return m_profile.GetConnectedCurrent();
        case TX:
            return m_profile.GetTxCurrent();
        case RX:
            return m_profile.GetRxCurrent();
        case IDLE:
            return m_idleCurrent;
        case PSM:
            return m_profile.GetPsmCurrent();
        default:
            return 0;
    }
}

double
RadioEnergyModel::DoGetCurrentA() const
{
    return CurrentOf(m_state);
}

void
RadioEnergyModel::Account()
{
    const Time now = Simulator::Now();
    const Time elapsed = now - m_lastUpdate;
    m_lastUpdate = now;
    if (!elapsed.IsStrictlyPositive())
    {
        return;
    }
    const double voltage = m_source ? m_source->GetSupplyVoltage() : 0;
    const double energy = elapsed.GetSeconds() * CurrentOf(m_state) * voltage;
    m_energy[m_state] += energy;
    m_time[m_state] += elapsed;
    m_totalEnergy = m_totalEnergy + energy;
}

double
RadioEnergyModel::GetTotalEnergyConsumption() const
{
    const double voltage = m_source ? m_source->GetSupplyVoltage() : 0;
    return m_totalEnergy +
           (Simulator::Now() - m_lastUpdate).GetSeconds() * CurrentOf(m_state) * voltage;
}

std::vector<double>
RadioEnergyModel::GetEnergyPerState() const
{
    std::vector<double> energy = m_energy;
    const double voltage = m_source ? m_source->GetSupplyVoltage() : 0;
    energy[m_state] +=
        (Simulator::Now() - m_lastUpdate).GetSeconds() * CurrentOf(m_state) * voltage;
    return energy;
}

std::vector<Time>
RadioEnergyModel::GetTimePerState() const
{
    std::vector<Time> time = m_time;
    time[m_state] += Simulator::Now() - m_lastUpdate;
    return time;
}

void
RadioEnergyModel::ChangeState(int newState)
{
    if (newState < 0 || newState >= STATE_COUNT)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyModel::ChangeState: " << newState
                                                                    << " is not a state");
    }
    SwitchToState(static_cast<State>(newState));
}

void
RadioEnergyModel::SwitchToState(State next)
{
    if (next == m_state)
    {
        return;
    }
    if (!GetTransitionTable().IsAllowed(m_state, next))
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyModel: illegal transition "
                       << GetStateName(m_state) << " -> " << GetStateName(next));
    }
    Account();
    if (m_source)
    {
        // Lets the source integrate the current of the state being left; this may report
        // depletion (HandleEnergyDepletion), which takes effect in Deplete().
        m_source->UpdateEnergySource();
    }
    const State previous = m_state;
    m_state = next;
    NS_LOG_LOGIC(GetStateName(previous) << " -> " << GetStateName(next));
    m_stateTrace(previous, next);
}

RadioEnergyModel::State
RadioEnergyModel::StateOf(RadioUeNetDevice::State device) const
{
    switch (device)
    {
        case RadioUeNetDevice::DETACHED:
            return OFF;
        case RadioUeNetDevice::ATTACHING:
        case RadioUeNetDevice::CONNECTING:
            return SEARCH;
        case RadioUeNetDevice::IDLE:
            return IDLE;
        case RadioUeNetDevice::PSM:
            return PSM;
        default:
            return CONNECTED;
    }
}

void
RadioEnergyModel::UpdateIdleCurrent()
{
    TimeValue drx;
    TimeValue edrx;
    TimeValue ptw;
    m_device->GetAttribute("DrxCycle", drx);
    m_device->GetAttribute("EdrxCycle", edrx);
    m_device->GetAttribute("PagingTimeWindow", ptw);
    Time cycle = drx.Get();
    if (cycle.IsZero())
    {
        cycle = m_device->GetCell() ? m_device->GetCell()->GetTechnology().GetDefaultDrxCycle()
                                    : MilliSeconds(2560);
    }
    m_idleCurrent = m_profile.GetIdleCurrent(cycle, edrx.Get(), ptw.Get());
}

void
RadioEnergyModel::DeviceStateChanged(RadioUeNetDevice::State /* from */, RadioUeNetDevice::State to)
{
    if (m_depleted)
    {
        if (to != RadioUeNetDevice::DETACHED)
        {
            // A depleted module cannot run its radio.
            Simulator::ScheduleNow(&RadioUeNetDevice::Detach, m_device);
        }
        return;
    }
    if (to != RadioUeNetDevice::CONNECTED)
    {
        m_busyUntil[0] = m_busyUntil[1] = Time();
    }
    if (to == RadioUeNetDevice::IDLE)
    {
        Account();
        UpdateIdleCurrent();
    }
    if (to == RadioUeNetDevice::CONNECTED)
    {
        FollowAirtime();
        return;
    }
    SwitchToState(StateOf(to));
}

void
RadioEnergyModel::RandomAccessChanged(bool started)
{
    if (m_depleted)
    {
        return;
    }
    if (started && m_state == SEARCH)
    {
        SwitchToState(RANDOM_ACCESS);
    }
    else if (!started && m_state == RANDOM_ACCESS)
    {
        // Success: the RRC / NAS signalling follows. Failure: the device leaves for IDLE or
        // DETACHED in the same instant.
        SwitchToState(CONNECTED);
    }
}

void
RadioEnergyModel::Airtime(bool uplink, Time airtime)
{
    if (m_depleted)
    {
        return;
    }
    const Time end = Simulator::Now() + airtime;
    Time& until = m_busyUntil[uplink ? 1 : 0];
    until = std::max(until, end);
    Simulator::Schedule(airtime, &RadioEnergyModel::AirtimeEnd, this);
    FollowAirtime();
}

void
RadioEnergyModel::AirtimeEnd()
{
    if (!m_depleted)
    {
        FollowAirtime();
    }
}

void
RadioEnergyModel::FollowAirtime()
{
    if (m_state != CONNECTED && m_state != TX && m_state != RX)
    {
        return;
    }
    const Time now = Simulator::Now();
    if (m_busyUntil[1] > now)
    {
        SwitchToState(TX);
    }
    else if (m_busyUntil[0] > now)
    {
        SwitchToState(RX);
    }
    else
    {
        SwitchToState(CONNECTED);
    }
}

void
RadioEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_FUNCTION(this);
    if (m_depleted)
    {
        return;
    }
    m_depleted = true;
    Simulator::ScheduleNow(&RadioEnergyModel::Deplete, this);
}

void
RadioEnergyModel::Deplete()
{
    if (!m_depleted || m_state == DEPLETED)
    {
        return;
    }
    m_busyUntil[0] = m_busyUntil[1] = Time();
    SwitchToState(DEPLETED);
    m_depletedTrace();
    if (m_device)
    {
        m_device->Detach();
    }
}

void
RadioEnergyModel::HandleEnergyRecharged()
{
    NS_LOG_FUNCTION(this);
    m_depleted = false;
    if (m_state == DEPLETED)
    {
        SwitchToState(OFF);
    }
}

void
RadioEnergyModel::HandleEnergyChanged()
{
}

} // namespace lpwa
} // namespace ns3
