/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "compute-resource.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaComputeResource");
NS_OBJECT_ENSURE_REGISTERED(ComputeResource);

TypeId
ComputeResource::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::ComputeResource")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<ComputeResource>()
            .AddAttribute(
                "Cores",
                "Number of identical cores (>= 1). A module MCU has 1; a server CPU "
                "has N. Cannot change while jobs run or wait.",
                UintegerValue(1),
                MakeUintegerAccessor(&ComputeResource::SetCores, &ComputeResource::GetCores),
                MakeUintegerChecker<uint32_t>())
            .AddTraceSource("JobStart",
                            "A job got a core: the time it waited in the queue.",
                            MakeTraceSourceAccessor(&ComputeResource::m_jobStartTrace),
                            "ns3::lpwa::ComputeResource::JobStartTracedCallback")
            .AddTraceSource("JobEnd",
                            "A job finished: the core time it used.",
                            MakeTraceSourceAccessor(&ComputeResource::m_jobEndTrace),
                            "ns3::lpwa::ComputeResource::JobEndTracedCallback");
    return tid;
}

ComputeResource::ComputeResource()
{
    NS_LOG_FUNCTION(this);
}

ComputeResource::~ComputeResource()
{
    NS_LOG_FUNCTION(this);
}

void
ComputeResource::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_queue.clear();
    Object::DoDispose();
}

void
ComputeResource::SetCores(uint32_t cores)
{
    NS_LOG_FUNCTION(this << cores);
    if (cores == 0)
    {
        NS_FATAL_ERROR("ComputeResource Cores: 0 is invalid (must be >= 1)");
    }
    if (cores != m_cores && (m_running > 0 || !m_queue.empty()))
    {
        NS_FATAL_ERROR("ComputeResource Cores: " << cores << " cannot be set while " << m_running
                                                 << " jobs run and " << m_queue.size() << " wait");
    }
    m_cores = cores;
}

uint32_t
ComputeResource::GetCores() const
{
    return m_cores;
}

void
ComputeResource::Submit(Time work, Callback<void> done)
{
    NS_LOG_FUNCTION(this << work);
    if (work.IsStrictlyNegative())
    {
        NS_FATAL_ERROR("ComputeResource::Submit: work: " << work.As(Time::S) << " is negative");
    }
    m_queue.push_back(Job{work, done, Simulator::Now()});
    StartJobs();
}

void
ComputeResource::StartJobs()
{
    while (m_running < m_cores && !m_queue.empty())
    {
        Job job = m_queue.front();
        m_queue.pop_front();
        ++m_running;
        Time now = Simulator::Now();
        m_intervals.push_back(Interval{now, now + job.work});
        NS_LOG_LOGIC(this << " start job of " << job.work.As(Time::MS) << " after waiting "
                          << (now - job.submitted).As(Time::MS));
        m_jobStartTrace(now - job.submitted);
        Simulator::Schedule(job.work, &ComputeResource::Finish, this, job.work, job.done);
    }
}

void
ComputeResource::Finish(Time work, Callback<void> done)
{
    NS_LOG_FUNCTION(this << work);
    --m_running;
    m_jobEndTrace(work);
    // Queued jobs take the freed core before the callback can submit new work (FIFO).
    StartJobs();
    if (!done.IsNull())
    {
        done();
    }
}

Time
ComputeResource::GetBusyTime() const
{
    Time now = Simulator::Now();
    Time busy;
    for (const auto& interval : m_intervals)
    {
        busy += std::min(interval.end, now) - interval.start;
    }
    return busy;
}

uint32_t
ComputeResource::GetQueueLength() const
{
    return static_cast<uint32_t>(m_queue.size());
}

uint32_t
ComputeResource::GetRunningJobs() const
{
    return m_running;
}

double
ComputeResource::GetUtilisation(Time since) const
{
    Time now = Simulator::Now();
    if (since > now)
    {
        NS_FATAL_ERROR("ComputeResource::GetUtilisation: since: "
                       << since.As(Time::S) << " is after now (" << now.As(Time::S) << ")");
    }
    if (since == now)
    {
        return 0.0;
    }
    Time busy;
    for (const auto& interval : m_intervals)
    {
        Time start = std::max(interval.start, since);
        Time end = std::min(interval.end, now);
        if (end > start)
        {
            busy += end - start;
        }
    }
    return busy.GetSeconds() / (m_cores * (now - since).GetSeconds());
}

} // namespace lpwa
} // namespace ns3
