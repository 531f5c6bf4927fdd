/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "random-access-channel.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRandomAccessChannel");
NS_OBJECT_ENSURE_REGISTERED(RandomAccessChannel);

TypeId
RandomAccessChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RandomAccessChannel")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<RandomAccessChannel>()
            .AddTraceSource("Opportunity",
                            "A random-access opportunity with contenders: coverage class, "
                            "contenders, collided, succeeded.",
                            MakeTraceSourceAccessor(&RandomAccessChannel::m_opportunityTrace),
                            "ns3::lpwa::RandomAccessChannel::OpportunityTracedCallback");
    return tid;
}

RandomAccessChannel::RandomAccessChannel()
    : m_technology(RadioTechnology::CatNb1())
    , m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    SetTechnology(m_technology);
}

RandomAccessChannel::~RandomAccessChannel()
{
    NS_LOG_FUNCTION(this);
}

void
RandomAccessChannel::DoDispose()
{
    CancelAll();
    m_result = nullptr;
    Object::DoDispose();
}

void
RandomAccessChannel::SetTechnology(const RadioTechnology& technology)
{
    if (!m_active.empty())
    {
        NS_FATAL_ERROR("ns3::lpwa::RandomAccessChannel: technology changed to "
                       << technology.GetName() << " while devices are in random access");
    }
    for (auto& e : m_events)
    {
        e.Cancel();
    }
    m_technology = technology;
    m_waiting.assign(technology.GetCoverageClassCount(), {});
    m_events.assign(technology.GetCoverageClassCount(), EventId());
}

void
RandomAccessChannel::SetResultCallback(ResultCallback cb)
{
    m_result = std::move(cb);
}

void
RandomAccessChannel::Request(uint32_t device, uint32_t level)
{
    if (level >= m_technology.GetCoverageClassCount())
    {
        NS_FATAL_ERROR("ns3::lpwa::RandomAccessChannel: device " << device << " coverage class "
                                                                 << level << " is out of range");
    }
    if (m_active.count(device) != 0)
    {
        NS_FATAL_ERROR("ns3::lpwa::RandomAccessChannel: device " << device
                                                                 << " is already in random access");
    }
    const uint32_t token = m_nextToken++;
    m_active[device] = token;
    Join(level, Contender{device, token, 0});
}

void
RandomAccessChannel::Cancel(uint32_t device)
{
    m_active.erase(device);
}

void
RandomAccessChannel::CancelAll()
{
    m_active.clear();
    for (uint32_t level = 0; level < m_waiting.size(); ++level)
    {
        m_waiting[level].clear();
        m_events[level].Cancel();
    }
}

bool
RandomAccessChannel::IsActive(uint32_t device) const
{
    return m_active.count(device) != 0;
}

bool
RandomAccessChannel::IsCurrent(const Contender& c) const
{
    auto it = m_active.find(c.device);
    return it != m_active.end() && it->second == c.token;
}

void
RandomAccessChannel::Join(uint32_t level, Contender c)
{
    if (!IsCurrent(c))
    {
        return;
    }
    m_waiting[level].push_back(c);
    if (!m_events[level].IsRunning())
    {
        const int64_t period = m_technology.GetCoverageClass(level).prachPeriod.GetNanoSeconds();
        const int64_t now = Simulator::Now().GetNanoSeconds();
        const int64_t next = (now / period + 1) * period;
        m_events[level] = Simulator::Schedule(NanoSeconds(next - now),
                                              &RandomAccessChannel::Opportunity,
                                              this,
                                              level);
    }
}

void
RandomAccessChannel::Opportunity(uint32_t level)
{
    std::vector<Contender> contenders;
    contenders.swap(m_waiting[level]);
    const RadioTechnology::CoverageClass& c = m_technology.GetCoverageClass(level);
    std::vector<uint32_t> chosen;
    chosen.reserve(contenders.size());
    m_picks.assign(c.preambles, 0);
    std::vector<Contender> live;
    live.reserve(contenders.size());
    for (const Contender& k : contenders)
    {
        if (!IsCurrent(k))
        {
            continue;
        }
        const uint32_t p = m_rng->GetInteger(0, c.preambles - 1);
        ++m_picks[p];
        chosen.push_back(p);
        live.push_back(k);
    }
    if (live.empty())
    {
        return;
    }
    ++m_opportunities;
    const Time response = c.preambleDuration + c.raResponseDelay;
    uint32_t collided = 0;
    uint32_t succeeded = 0;
    for (std::size_t i = 0; i < live.size(); ++i)
    {
        Contender k = live[i];
        ++m_attempts;
        ++k.attempts;
        if (m_picks[chosen[i]] == 1)
        {
            ++succeeded;
            ++m_successes;
            Simulator::Schedule(response,
                                &RandomAccessChannel::Finish,
                                this,
                                k.device,
                                k.token,
                                true,
                                level);
        }
        else
        {
            ++collided;
            ++m_collisions;
            Simulator::Schedule(response, &RandomAccessChannel::Collided, this, level, k);
        }
    }
    NS_LOG_LOGIC("class " << level << ": " << live.size() << " contenders, " << collided
                          << " collided");
    m_opportunityTrace(level, static_cast<uint32_t>(live.size()), collided, succeeded);
}

void
RandomAccessChannel::Collided(uint32_t level, Contender c)
{
    if (!IsCurrent(c))
    {
        return;
    }
    const RadioTechnology::CoverageClass& cc = m_technology.GetCoverageClass(level);
    if (c.attempts >= cc.maxRaAttempts)
    {
        if (level + 1 < m_technology.GetCoverageClassCount())
        {
            ++m_escalations;
            c.attempts = 0;
            Join(level + 1, c);
            return;
        }
        ++m_failures;
        Finish(c.device, c.token, false, level);
        return;
    }
    const Time backoff =
        NanoSeconds(static_cast<int64_t>(m_rng->GetValue(0, cc.maxBackoff.GetNanoSeconds())));
    Simulator::Schedule(backoff, &RandomAccessChannel::Join, this, level, c);
}

void
RandomAccessChannel::Finish(uint32_t device, uint32_t token, bool success, uint32_t level)
{
    auto it = m_active.find(device);
    if (it == m_active.end() || it->second != token)
    {
        return;
    }
    m_active.erase(it);
    if (m_result)
    {
        m_result(device, success, level);
    }
}

int64_t
RandomAccessChannel::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

uint64_t
RandomAccessChannel::GetAttemptCount() const
{
    return m_attempts;
}

uint64_t
RandomAccessChannel::GetCollisionCount() const
{
    return m_collisions;
}

uint64_t
RandomAccessChannel::GetSuccessCount() const
{
    return m_successes;
}

uint64_t
RandomAccessChannel::GetFailureCount() const
{
    return m_failures;
}

uint64_t
RandomAccessChannel::GetEscalationCount() const
{
    return m_escalations;
}

uint64_t
RandomAccessChannel::GetOpportunityCount() const
{
    return m_opportunities;
}

} // namespace lpwa
} // namespace ns3
