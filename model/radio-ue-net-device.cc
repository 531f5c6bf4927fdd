/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-ue-net-device.h"

#include "radio-cell-net-device.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/fatal-error.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <vector>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRadioUeNetDevice");
NS_OBJECT_ENSURE_REGISTERED(RadioUeNetDevice);

namespace
{

/// What delays a signalling step at the network before it is queued.
enum StepDelay
{
    NONE,       //!< queued at once
    RRC_SETUP,  //!< RadioTechnology::GetRrcSetupTime()
    RRC_RESUME, //!< RadioTechnology::GetRrcResumeTime()
    CORE        //!< RadioTechnology::GetCoreProcessingTime()
};

/// One RRC / NAS message of a procedure (sizes are modelling assumptions, see doc/).
struct Step
{
    bool uplink;     //!< direction
    uint32_t bytes;  //!< size
    StepDelay delay; //!< network processing before a downlink message
};

/// RRC connection setup, NAS attach (with authentication and security mode) on Msg5.
const std::vector<Step> kAttach = {
    {true, 7, NONE},        // Msg3 RRCConnectionRequest
    {false, 25, RRC_SETUP}, // Msg4 RRCConnectionSetup
    {true, 100, NONE},      // Msg5 SetupComplete + Attach Request + PDN Connectivity Request
    {false, 40, CORE},      // Authentication Request
    {true, 20, NONE},       // Authentication Response
    {false, 20, CORE},      // NAS Security Mode Command
    {true, 20, NONE},       // NAS Security Mode Complete
    {false, 120, CORE},     // Attach Accept + Activate Default Bearer (+ RRC reconfiguration)
    {true, 20, NONE},       // Attach Complete
};

/// RRC connection setup with a NAS service request.
const std::vector<Step> kSetup = {
    {true, 7, NONE},        // Msg3 RRCConnectionRequest
    {false, 25, RRC_SETUP}, // Msg4 RRCConnectionSetup
    {true, 20, NONE},       // Msg5 SetupComplete + Service Request
    {false, 30, CORE},      // Security Mode Command + RRCConnectionReconfiguration
    {true, 10, NONE},       // Security Mode / Reconfiguration Complete
};

/// RRC connection resume (user-plane CIoT optimisation).
const std::vector<Step> kResume = {
    {true, 10, NONE},        // Msg3 RRCConnectionResumeRequest
    {false, 20, RRC_RESUME}, // Msg4 RRCConnectionResume
    {true, 10, NONE},        // Msg5 RRCConnectionResumeComplete
};

/// NAS tracking area update.
const std::vector<Step> kTau = {
    {true, 40, NONE},  // TAU Request
    {false, 30, CORE}, // TAU Accept
};

/// UE-requested PDN connectivity (ESM), in connected mode: what AT+QIACT / AT+MIPCALL ask for.
const std::vector<Step> kEsm = {
    {true, 60, NONE},   // PDN Connectivity Request (in UL NAS transport)
    {false, 120, CORE}, // Activate Default EPS Bearer Context Request (+ RRC reconfiguration)
    {true, 20, NONE},   // Activate Default EPS Bearer Context Accept
};

/// eDRX cycles of TS 24.008 Table 10.5.5.32, in ms (calibration.md "eDRX cycles").
const std::vector<int64_t> kEdrxCyclesMs = {5120,
                                            10240,
                                            20480,
                                            40960,
                                            61440,
                                            81920,
                                            102400,
                                            122880,
                                            143360,
                                            163840,
                                            327680,
                                            655360,
                                            1310720,
                                            2621440,
                                            5242880,
                                            10485760};

const std::vector<Step>&
StepsOf(int procedure)
{
    switch (procedure)
    {
        case 1:
            return kAttach;
        case 2:
            return kSetup;
        case 3:
            return kResume;
        case 5:
            return kEsm;
        default:
            return kTau;
    }
}

} // namespace

TypeId
RadioUeNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RadioUeNetDevice")
            .SetParent<RadioNetDevice>()
            .SetGroupName("LpwaModem")
            .AddConstructor<RadioUeNetDevice>()
            .AddAttribute("Mcl",
                          "Maximum coupling loss to the cell, dB; picks the coverage class "
                          "unless CoverageClass is set.",
                          DoubleValue(140),
                          MakeDoubleAccessor(&RadioUeNetDevice::m_mcl),
                          MakeDoubleChecker<double>())
            .AddAttribute("CoverageClass",
                          "Coverage class (ECL / CE level) to use; -1: derived from Mcl.",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&RadioUeNetDevice::m_coverageAttr),
                          MakeIntegerChecker<int32_t>(-1, 3))
            .AddAttribute("InactivityTimer",
                          "RRC inactivity tail before release; 0: the cell's network preset "
                          "(12 s, calibration.md: 10-20 s typical, 12 s measured, Rostad 2020).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&RadioUeNetDevice::m_inactivityTimer),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReleaseAssistance",
                          "Release assistance indication (RAI): release RaiReleaseDelay after "
                          "the last packet instead of InactivityTimer.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RadioUeNetDevice::m_rai),
                          MakeBooleanChecker())
            .AddAttribute("RaiReleaseDelay",
                          "Tail with RAI (calibration.md: 1.47 s measured, Rostad 2020).",
                          TimeValue(MilliSeconds(1470)),
                          MakeTimeAccessor(&RadioUeNetDevice::m_raiDelay),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("PsmEnabled",
                          "Enter power saving mode when T3324 expires in IDLE.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RadioUeNetDevice::m_psm),
                          MakeBooleanChecker())
            .AddAttribute("T3324",
                          "Active timer: time in IDLE before PSM (modelling assumption 60 s).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&RadioUeNetDevice::m_t3324Value),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("T3412",
                          "Periodic TAU timer, from the last release (TS 24.301 default "
                          "54 min); 0 disables it.",
                          TimeValue(Minutes(54)),
                          MakeTimeAccessor(&RadioUeNetDevice::m_t3412Value),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("DrxCycle",
                          "Idle-mode DRX (paging) cycle; 0: the technology's default.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&RadioUeNetDevice::m_drxCycle),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute(
                "EdrxCycle",
                "eDRX cycle, one of TS 24.008 Table 10.5.5.32 (5.12 s .. "
                "10485.76 s); 0: eDRX off.",
                TimeValue(Seconds(0)),
                MakeTimeAccessor(&RadioUeNetDevice::SetEdrxCycle, &RadioUeNetDevice::GetEdrxCycle),
                MakeTimeChecker(Seconds(0)))
            .AddAttribute("PagingTimeWindow",
                          "eDRX paging time window (LTE-M 1.28-20.48 s; NB-IoT 2.56 s steps).",
                          TimeValue(MilliSeconds(2560)),
                          MakeTimeAccessor(&RadioUeNetDevice::m_ptw),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("TxQueueSize",
                          "Uplink packets held while connecting; more are dropped.",
                          UintegerValue(32),
                          MakeUintegerAccessor(&RadioUeNetDevice::m_txQueueSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("AutoReattach",
                          "Attach again when the cell comes back after a loss of service.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RadioUeNetDevice::m_autoReattach),
                          MakeBooleanChecker())
            .AddAttribute("ReattachDelay",
                          "Reattach after a uniform delay in [0, ReattachDelay] once the cell "
                          "is back (modelling assumption).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&RadioUeNetDevice::m_reattachDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("StateTransition",
                            "The device changed state: old state, new state.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_stateTrace),
                            "ns3::lpwa::RadioUeNetDevice::StateTransitionTracedCallback")
            .AddTraceSource("AttachCompleted",
                            "Attach done: its duration.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_attachTrace),
                            "ns3::Time::TracedCallback")
            .AddTraceSource("AttachFailed",
                            "Attach failed (random access exhausted, out of coverage, no cell).",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_attachFailedTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("ConnectionEstablished",
                            "IDLE/PSM -> CONNECTED done: its duration.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_connectTrace),
                            "ns3::Time::TracedCallback")
            .AddTraceSource("ConnectionFailed",
                            "Random access exhausted while connecting.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_connectFailedTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("ServiceLost",
                            "The cell went down: the device is DETACHED.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_lostTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("ServiceRegained",
                            "Attached again after a loss of service.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_regainedTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("Drop",
                            "An uplink packet was dropped: the packet and the reason.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_dropTrace),
                            "ns3::lpwa::RadioCellNetDevice::DropTracedCallback")
            .AddTraceSource("RandomAccess",
                            "A random access started (true) or ended (false), for energy models.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_randomAccessTrace),
                            "ns3::lpwa::RadioUeNetDevice::RandomAccessTracedCallback")
            .AddTraceSource("Airtime",
                            "A transport block of this device went on the air: uplink, duration.",
                            MakeTraceSourceAccessor(&RadioUeNetDevice::m_airtimeTrace),
                            "ns3::lpwa::RadioUeNetDevice::AirtimeTracedCallback");
    return tid;
}

RadioUeNetDevice::RadioUeNetDevice()
    : m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

RadioUeNetDevice::~RadioUeNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
RadioUeNetDevice::DoDispose()
{
    CancelTimers();
    m_held.clear();
    m_sessionDone = nullptr;
    m_cell = nullptr;
    m_rng = nullptr;
    RadioNetDevice::DoDispose();
}

const StateTransitionTable<RadioUeNetDevice::State>&
RadioUeNetDevice::GetTransitionTable()
{
    static const StateTransitionTable<State> table(
        {"DETACHED", "ATTACHING", "IDLE", "PSM", "CONNECTING", "CONNECTED"},
        {
            {DETACHED, ATTACHING},   // Attach(), or the cell is back
            {ATTACHING, CONNECTED},  // attach accepted
            {ATTACHING, DETACHED},   // attach failed, Detach(), service lost
            {CONNECTED, IDLE},       // inactivity release
            {CONNECTED, DETACHED},   // Detach(), service lost
            {IDLE, PSM},             // T3324 expired
            {IDLE, CONNECTING},      // uplink data, paging, periodic TAU
            {IDLE, DETACHED},        // Detach(), service lost
            {PSM, CONNECTING},       // uplink data, periodic TAU
            {PSM, DETACHED},         // Detach(), service lost
            {CONNECTING, CONNECTED}, // RRC setup / resume done
            {CONNECTING, IDLE},      // random access failed
            {CONNECTING, DETACHED},  // Detach(), service lost
        });
    return table;
}

std::string
RadioUeNetDevice::GetStateName(State state)
{
    return GetTransitionTable().GetName(state);
}

void
RadioUeNetDevice::SwitchToState(State next)
{
    if (!GetTransitionTable().IsAllowed(m_state, next))
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioUeNetDevice " << m_index << ": illegal transition "
                                                      << GetStateName(m_state) << " -> "
                                                      << GetStateName(next));
    }
    NS_LOG_LOGIC("device " << m_index << " " << GetStateName(m_state) << " -> "
                           << GetStateName(next));
    const State previous = m_state;
    m_state = next;
    m_stateTrace(previous, next);
}

Time
RadioUeNetDevice::GetEdrxCycleOfValue(uint8_t value)
{
    if (value >= kEdrxCyclesMs.size())
    {
        NS_FATAL_ERROR("RadioUeNetDevice::GetEdrxCycleOfValue: " << int(value) << " is not 0-15");
    }
    return MilliSeconds(kEdrxCyclesMs[value]);
}

void
RadioUeNetDevice::SetEdrxCycle(Time cycle)
{
    if (!cycle.IsZero() &&
        std::find(kEdrxCyclesMs.begin(), kEdrxCyclesMs.end(), cycle.GetMilliSeconds()) ==
            kEdrxCyclesMs.end())
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioUeNetDevice: attribute EdrxCycle: "
                       << cycle.As(Time::S)
                       << " is not a TS 24.008 eDRX cycle (5.12 s, 10.24 s, ... 10485.76 s)");
    }
    m_edrxCycle = cycle;
}

Time
RadioUeNetDevice::GetEdrxCycle() const
{
    return m_edrxCycle;
}

void
RadioUeNetDevice::SetCell(Ptr<RadioCellNetDevice> cell, uint32_t index)
{
    m_cell = cell;
    m_index = index;
}

Ptr<RadioCellNetDevice>
RadioUeNetDevice::GetCell() const
{
    return m_cell;
}

RadioUeNetDevice::State
RadioUeNetDevice::GetState() const
{
    return m_state;
}

bool
RadioUeNetDevice::IsRegistered() const
{
    return m_state != DETACHED && m_state != ATTACHING;
}

double
RadioUeNetDevice::GetCouplingLoss() const
{
    if (!m_cell || m_coverageAttr < 0)
    {
        return m_mcl;
    }
    const RadioTechnology& t = m_cell->GetTechnology();
    const uint32_t level = GetCoverageClass();
    if (t.GetCoverageClassForMcl(m_mcl) == level)
    {
        return m_mcl;
    }
    const double high = t.GetCoverageClass(level).maxMcl;
    const double low = level == 0 ? high - 20 : t.GetCoverageClass(level - 1).maxMcl;
    return (low + high) / 2;
}

uint32_t
RadioUeNetDevice::GetCoverageClass() const
{
    if (!m_cell)
    {
        return 0;
    }
    const RadioTechnology& t = m_cell->GetTechnology();
    if (m_coverageAttr >= 0)
    {
        if (static_cast<uint32_t>(m_coverageAttr) >= t.GetCoverageClassCount())
        {
            NS_FATAL_ERROR("ns3::lpwa::RadioUeNetDevice: attribute CoverageClass: "
                           << m_coverageAttr << " is not in 0.." << t.GetCoverageClassCount() - 1
                           << " for " << t.GetName());
        }
        return static_cast<uint32_t>(m_coverageAttr);
    }
    return t.GetCoverageClassForMcl(m_mcl);
}

uint32_t
RadioUeNetDevice::GetCurrentCoverageClass() const
{
    return m_level;
}

Time
RadioUeNetDevice::GetLastAttachDuration() const
{
    return m_lastAttach;
}

int64_t
RadioUeNetDevice::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

Time
RadioUeNetDevice::GetNextPagingOccasion(Time now) const
{
    auto* self = const_cast<RadioUeNetDevice*>(this);
    if (m_drxPhase < 0)
    {
        self->m_drxPhase = self->m_rng->GetValue(0, 1);
        self->m_edrxPhase = self->m_rng->GetValue(0, 1);
    }
    const Time drx =
        m_drxCycle.IsZero() && m_cell ? m_cell->GetTechnology().GetDefaultDrxCycle() : m_drxCycle;
    const int64_t period = std::max<int64_t>(drx.GetNanoSeconds(), 1);
    const auto offset = static_cast<int64_t>(m_drxPhase * period);
    auto occasion = [period, offset](int64_t t)
    {
        if (t <= offset)
        {
            return offset;
        }
        return offset + (t - offset + period - 1) / period * period;
    };
    const int64_t t = now.GetNanoSeconds();
    if (m_edrxCycle.IsZero())
    {
        return NanoSeconds(occasion(t));
    }
    const int64_t cycle = m_edrxCycle.GetNanoSeconds();
    const int64_t window = std::min(m_ptw.GetNanoSeconds(), cycle);
    const auto start0 = static_cast<int64_t>(m_edrxPhase * cycle);
    int64_t k = t < start0 ? -1 : (t - start0) / cycle;
    if (k >= 0)
    {
        const int64_t start = start0 + k * cycle;
        const int64_t po = occasion(std::max(t, start));
        if (po < start + window)
        {
            return NanoSeconds(po);
        }
    }
    const int64_t start = start0 + (k + 1) * cycle;
    return NanoSeconds(occasion(start));
}

void
RadioUeNetDevice::CancelTimers()
{
    m_event.Cancel();
    m_inactivity.Cancel();
    m_t3324.Cancel();
    m_t3412.Cancel();
}

void
RadioUeNetDevice::DropHeld(const std::string& reason)
{
    for (const auto& h : m_held)
    {
        m_dropTrace(h.first, reason);
    }
    m_held.clear();
}

void
RadioUeNetDevice::Attach()
{
    if (!m_cell)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioUeNetDevice::Attach: the device has no cell (add it "
                       "with RadioCellNetDevice::AddDevice or CellularNetworkHelper::Install)");
    }
    if (m_state != DETACHED)
    {
        return;
    }
    SwitchToState(ATTACHING);
    m_procedureStart = Simulator::Now();
    m_procedure = ATTACH;
    m_tauPending = false;
    const RadioTechnology& t = m_cell->GetTechnology();
    const uint32_t base = GetCoverageClass();
    const uint32_t searchLevel = std::min(base, t.GetCoverageClassCount() - 1);
    m_level = searchLevel;
    const Time search = t.GetCoverageClass(searchLevel).cellSearchTime;
    if (base >= t.GetCoverageClassCount() || !m_cell->IsAvailable())
    {
        NS_LOG_INFO("device " << m_index << ": no cell found (MCL " << m_mcl << " dB)");
        m_event = Simulator::Schedule(search, &RadioUeNetDevice::FailAttach, this);
        return;
    }
    m_event = Simulator::Schedule(search, &RadioUeNetDevice::StartAccess, this);
}

void
RadioUeNetDevice::FailAttach()
{
    m_procedure = NO_PROCEDURE;
    if (m_cell && !m_cell->IsAvailable() && m_autoReattach)
    {
        m_lostService = true;
    }
    SwitchToState(DETACHED);
    m_attachFailedTrace();
}

void
RadioUeNetDevice::Detach()
{
    CancelTimers();
    if (m_cell)
    {
        m_cell->CancelDevice(m_index);
    }
    DropHeld("detached");
    m_procedure = NO_PROCEDURE;
    m_resumable = false;
    if (m_state != DETACHED)
    {
        SwitchToState(DETACHED);
    }
    FinishSession(false);
}

void
RadioUeNetDevice::NotifyServiceLost()
{
    if (m_state == DETACHED)
    {
        return;
    }
    Detach();
    m_lostService = true;
    m_lostTrace();
}

void
RadioUeNetDevice::NotifyServiceRestored()
{
    if (m_lostService && m_autoReattach && m_state == DETACHED)
    {
        const Time delay =
            NanoSeconds(static_cast<int64_t>(m_rng->GetValue(0, m_reattachDelay.GetNanoSeconds())));
        m_event = Simulator::Schedule(delay, &RadioUeNetDevice::Attach, this);
    }
}

void
RadioUeNetDevice::StartAccess()
{
    if (!m_cell->IsAvailable())
    {
        if (m_state == ATTACHING)
        {
            FailAttach();
        }
        return;
    }
    m_randomAccessTrace(true);
    m_cell->RequestAccess(m_index, m_level);
}

void
RadioUeNetDevice::StartConnection(bool fromPsm)
{
    m_t3324.Cancel();
    SwitchToState(CONNECTING);
    m_procedureStart = Simulator::Now();
    const RadioTechnology& t = m_cell->GetTechnology();
    m_procedure = m_resumable && t.SupportsResume() ? RESUME : SETUP;
    m_level = std::min(GetCoverageClass(), t.GetCoverageClassCount() - 1);
    const Time sync = fromPsm ? t.GetCoverageClass(m_level).syncTime : Time();
    m_event = Simulator::Schedule(sync, &RadioUeNetDevice::StartAccess, this);
}

void
RadioUeNetDevice::NotifyRandomAccessResult(bool success, uint32_t level)
{
    m_randomAccessTrace(false);
    m_level = level;
    if (success)
    {
        m_step = 0;
        RunStep();
        return;
    }
    if (m_state == ATTACHING)
    {
        FailAttach();
        return;
    }
    if (m_state == CONNECTING)
    {
        m_procedure = NO_PROCEDURE;
        m_tauPending = false;
        DropHeld("random access failed");
        SwitchToState(IDLE);
        m_connectFailedTrace();
        FinishSession(false);
        m_cell->NotifyIdle(m_index);
        if (m_psm)
        {
            m_t3324 = Simulator::Schedule(m_t3324Value, &RadioUeNetDevice::EnterPsm, this);
        }
    }
}

void
RadioUeNetDevice::NotifyMacRandomAccess(bool started, uint32_t level)
{
    m_level = level;
    m_randomAccessTrace(started);
}

void
RadioUeNetDevice::NotifyRadioLinkFailure()
{
    if (m_state != CONNECTED)
    {
        return;
    }
    NS_LOG_INFO("device " << m_index << ": radio link failure");
    m_inactivity.Cancel();
    m_procedure = NO_PROCEDURE;
    m_tauPending = false;
    FinishSession(false);
    Release();
}

void
RadioUeNetDevice::RunStep()
{
    const std::vector<Step>& steps = StepsOf(m_procedure);
    if (m_step >= steps.size())
    {
        ProcedureDone();
        return;
    }
    const Step& s = steps[m_step];
    const RadioTechnology& t = m_cell->GetTechnology();
    Time delay;
    switch (s.delay)
    {
        case RRC_SETUP:
            delay = t.GetRrcSetupTime();
            break;
        case RRC_RESUME:
            delay = t.GetRrcResumeTime();
            break;
        case CORE:
            delay = t.GetCoreProcessingTime();
            break;
        default:
            break;
    }
    if (delay.IsZero())
    {
        m_cell->EnqueueSignalling(m_index, s.uplink, s.bytes);
    }
    else
    {
        m_event = Simulator::Schedule(delay,
                                      &RadioCellNetDevice::EnqueueSignalling,
                                      m_cell,
                                      m_index,
                                      s.uplink,
                                      s.bytes);
    }
}

void
RadioUeNetDevice::NotifySignallingDone(bool /* uplink */)
{
    if (m_procedure == NO_PROCEDURE)
    {
        return;
    }
    ++m_step;
    RunStep();
}

void
RadioUeNetDevice::ProcedureDone()
{
    if (m_procedure == ATTACH)
    {
        m_procedure = NO_PROCEDURE;
        m_lastAttach = Simulator::Now() - m_procedureStart;
        SwitchToState(CONNECTED);
        m_attachTrace(m_lastAttach);
        if (m_lostService)
        {
            m_lostService = false;
            m_regainedTrace();
        }
        EnterConnected();
        StartSessionIfPending();
        return;
    }
    if (m_procedure == ESM)
    {
        m_procedure = NO_PROCEDURE;
        NotifyActivity();
        FinishSession(true);
        return;
    }
    if (m_tauPending && m_procedure != TAU)
    {
        m_procedure = TAU;
        m_step = 0;
        RunStep();
        return;
    }
    // A periodic TAU with nothing to send is requested without the "active" flag: the network
    // releases the connection as soon as the TAU is accepted (TS 24.301 5.5.3.2.4), without
    // the data inactivity tail.
    const bool tauOnly =
        m_procedure == TAU && m_held.empty() && !m_sessionDone && !m_cell->HasPending(m_index);
    m_procedure = NO_PROCEDURE;
    m_tauPending = false;
    SwitchToState(CONNECTED);
    m_connectTrace(Simulator::Now() - m_procedureStart);
    if (tauOnly)
    {
        // The MME's UE context release after the TAU Accept, then the RRC release.
        m_resumable = true;
        m_cell->NotifyConnected(m_index);
        m_tauDone = Simulator::Now();
        m_inactivity.Cancel();
        m_inactivity = Simulator::Schedule(m_cell->GetTechnology().GetCoreProcessingTime(),
                                           &RadioUeNetDevice::ReleaseAfterTau,
                                           this);
        return;
    }
    EnterConnected();
    StartSessionIfPending();
}

void
RadioUeNetDevice::EnterConnected()
{
    m_resumable = true;
    m_cell->NotifyConnected(m_index);
    while (!m_held.empty())
    {
        auto [packet, protocol] = m_held.front();
        m_held.pop_front();
        m_cell->EnqueueUplinkData(m_index, packet, protocol);
    }
    NotifyActivity();
}

Time
RadioUeNetDevice::InactivityTail() const
{
    if (m_rai)
    {
        return m_raiDelay;
    }
    if (m_inactivityTimer.IsZero() && m_cell)
    {
        return m_cell->GetNetworkPreset().GetInactivityTimer(m_cell->GetTechnology());
    }
    return m_inactivityTimer;
}

void
RadioUeNetDevice::NotifyActivity()
{
    m_lastActivity = Simulator::Now();
    if (m_state == CONNECTED && !m_inactivity.IsRunning())
    {
        m_inactivity =
            Simulator::Schedule(InactivityTail(), &RadioUeNetDevice::CheckInactivity, this);
    }
}

void
RadioUeNetDevice::CheckInactivity()
{
    if (m_state != CONNECTED)
    {
        return;
    }
    const Time due = m_lastActivity + InactivityTail();
    if (Simulator::Now() < due)
    {
        m_inactivity =
            Simulator::Schedule(due - Simulator::Now(), &RadioUeNetDevice::CheckInactivity, this);
        return;
    }
    if (m_cell->HasPending(m_index) || m_procedure != NO_PROCEDURE)
    {
        NotifyActivity();
        return;
    }
    Release();
}

void
RadioUeNetDevice::Release()
{
    SwitchToState(IDLE);
    m_cell->NotifyIdle(m_index);
    if (m_psm)
    {
        m_t3324 = Simulator::Schedule(m_t3324Value, &RadioUeNetDevice::EnterPsm, this);
    }
    m_t3412.Cancel();
    if (!m_t3412Value.IsZero())
    {
        m_t3412 = Simulator::Schedule(m_t3412Value, &RadioUeNetDevice::PeriodicTau, this);
    }
}

void
RadioUeNetDevice::ReleaseAfterTau()
{
    if (m_state != CONNECTED)
    {
        return;
    }
    if (m_lastActivity >= m_tauDone || m_cell->HasPending(m_index) || m_procedure != NO_PROCEDURE)
    {
        // Data came meanwhile: the usual inactivity tail from its last packet.
        m_inactivity = Simulator::Schedule(
            std::max(Time(), m_lastActivity + InactivityTail() - Simulator::Now()),
            &RadioUeNetDevice::CheckInactivity,
            this);
        return;
    }
    Release();
}

void
RadioUeNetDevice::EnterPsm()
{
    if (m_state == IDLE)
    {
        SwitchToState(PSM);
    }
}

void
RadioUeNetDevice::PeriodicTau()
{
    if (m_state == IDLE || m_state == PSM)
    {
        m_tauPending = true;
        StartConnection(m_state == PSM);
    }
}

void
RadioUeNetDevice::RequestSessionSignalling(std::function<void(bool)> done)
{
    NS_LOG_FUNCTION(this);
    FinishSession(false); // a newer request replaces one still waiting
    if (!IsRegistered())
    {
        done(false);
        return;
    }
    m_sessionDone = std::move(done);
    if (m_state == CONNECTED)
    {
        StartSessionIfPending();
    }
    else if (m_state == IDLE || m_state == PSM)
    {
        StartConnection(m_state == PSM);
    }
    // CONNECTING: starts once connected.
}

void
RadioUeNetDevice::StartSessionIfPending()
{
    if (!m_sessionDone || m_state != CONNECTED || m_procedure != NO_PROCEDURE)
    {
        return;
    }
    m_procedure = ESM;
    m_step = 0;
    NotifyActivity();
    RunStep();
}

void
RadioUeNetDevice::FinishSession(bool success)
{
    if (m_sessionDone)
    {
        std::function<void(bool)> done = std::move(m_sessionDone);
        m_sessionDone = nullptr;
        done(success);
    }
}

void
RadioUeNetDevice::NotifyAirtime(bool uplink, Time airtime)
{
    m_airtimeTrace(uplink, airtime);
}

void
RadioUeNetDevice::NotifyPaged()
{
    if (m_state == IDLE)
    {
        StartConnection(false);
    }
}

bool
RadioUeNetDevice::Send(Ptr<Packet> packet, const Address& /* dest */, uint16_t protocolNumber)
{
    switch (m_state)
    {
        case CONNECTED:
            m_cell->EnqueueUplinkData(m_index, packet, protocolNumber);
            NotifyActivity();
            return true;
        case IDLE:
        case PSM:
        case CONNECTING:
            if (m_held.size() >= m_txQueueSize)
            {
                m_dropTrace(packet, "transmit queue full");
                return false;
            }
            m_held.emplace_back(packet, protocolNumber);
            if (m_state != CONNECTING)
            {
                StartConnection(m_state == PSM);
            }
            return true;
        default:
            m_dropTrace(packet, "not registered");
            return false;
    }
}

void
RadioUeNetDevice::ReceiveDownlink(Ptr<Packet> packet, uint16_t protocol)
{
    DeliverUp(packet, protocol, m_cell->GetAddress());
}

} // namespace lpwa
} // namespace ns3
