/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "realtime-lag-monitor.h"

#include "ns3/log.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/simulator.h"

#include <iomanip>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRealtimeLagMonitor");
NS_OBJECT_ENSURE_REGISTERED(RealtimeLagMonitor);

TypeId
RealtimeLagMonitor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RealtimeLagMonitor")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<RealtimeLagMonitor>()
            .AddAttribute("Interval",
                          "Simulated time between probes.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&RealtimeLagMonitor::m_interval),
                          MakeTimeChecker(MicroSeconds(100)))
            .AddAttribute("Threshold",
                          "A probe later than this behind wall-clock time is late.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&RealtimeLagMonitor::m_threshold),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReportInterval",
                          "At most one report line per this much simulated time.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RealtimeLagMonitor::m_reportInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Lag",
                            "A probe ran later than Threshold: how late.",
                            MakeTraceSourceAccessor(&RealtimeLagMonitor::m_lagTrace),
                            "ns3::lpwa::RealtimeLagMonitor::LagTracedCallback");
    return tid;
}

RealtimeLagMonitor::RealtimeLagMonitor()
{
    NS_LOG_FUNCTION(this);
}

RealtimeLagMonitor::~RealtimeLagMonitor()
{
    NS_LOG_FUNCTION(this);
}

void
RealtimeLagMonitor::DoDispose()
{
    m_event.Cancel();
    m_report = nullptr;
    Object::DoDispose();
}

void
RealtimeLagMonitor::SetReportStream(std::ostream* stream)
{
    m_report = stream;
}

void
RealtimeLagMonitor::Start()
{
    NS_LOG_FUNCTION(this);
    if (!DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation()))
    {
        NS_FATAL_ERROR("ns3::lpwa::RealtimeLagMonitor::Start: SimulatorImplementationType is "
                       "not ns3::RealtimeSimulatorImpl");
    }
    m_event.Cancel();
    m_event = Simulator::Schedule(m_interval, &RealtimeLagMonitor::Probe, this);
}

void
RealtimeLagMonitor::Stop()
{
    m_event.Cancel();
}

void
RealtimeLagMonitor::Probe()
{
    Ptr<RealtimeSimulatorImpl> impl =
        DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation());
    const Time lag = impl->RealtimeNow() - Simulator::Now();
    ++m_probes;
    if (lag > m_threshold)
    {
        ++m_late;
        ++m_windowLate;
        m_maxLag = Max(m_maxLag, lag);
        m_windowMax = Max(m_windowMax, lag);
        m_lagTrace(lag);
        if (m_report && (!m_reported || Simulator::Now() - m_lastReport >= m_reportInterval))
        {
            *m_report << "lpwa-lag: at " << std::fixed << std::setprecision(3)
                      << Simulator::Now().GetSeconds() << " s simulated time is "
                      << std::setprecision(1) << m_windowMax.GetSeconds() * 1e3
                      << " ms behind real time (" << m_windowLate << " late probes; worst "
                      << m_maxLag.GetSeconds() * 1e3 << " ms)" << std::endl;
            m_reported = true;
            m_lastReport = Simulator::Now();
            m_windowMax = Seconds(0);
            m_windowLate = 0;
        }
    }
    m_event = Simulator::Schedule(m_interval, &RealtimeLagMonitor::Probe, this);
}

uint64_t
RealtimeLagMonitor::GetProbes() const
{
    return m_probes;
}

uint64_t
RealtimeLagMonitor::GetLateProbes() const
{
    return m_late;
}

Time
RealtimeLagMonitor::GetMaxLag() const
{
    return m_maxLag;
}

} // namespace lpwa
} // namespace ns3
