/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "round-robin-radio-scheduler.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRoundRobinRadioScheduler");
NS_OBJECT_ENSURE_REGISTERED(RoundRobinRadioScheduler);

TypeId
RoundRobinRadioScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::RoundRobinRadioScheduler")
                            .SetParent<RadioScheduler>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<RoundRobinRadioScheduler>();
    return tid;
}

RoundRobinRadioScheduler::RoundRobinRadioScheduler()
{
    NS_LOG_FUNCTION(this);
}

RoundRobinRadioScheduler::~RoundRobinRadioScheduler()
{
    NS_LOG_FUNCTION(this);
}

void
RoundRobinRadioScheduler::Add(uint32_t device)
{
    if (!m_queued.insert(device).second)
    {
        NS_FATAL_ERROR("ns3::lpwa::RoundRobinRadioScheduler: device " << device
                                                                      << " is already queued");
    }
    m_queue.push_back(device);
}

void
RoundRobinRadioScheduler::Remove(uint32_t device)
{
    if (m_queued.erase(device) == 0)
    {
        return;
    }
    m_queue.erase(std::find(m_queue.begin(), m_queue.end(), device));
}

void
RoundRobinRadioScheduler::Clear()
{
    m_queue.clear();
    m_queued.clear();
}

bool
RoundRobinRadioScheduler::PickNext(const Eligibility& eligible, uint32_t* device)
{
    for (std::size_t tries = m_queue.size(); tries > 0; --tries)
    {
        const uint32_t d = m_queue.front();
        m_queue.pop_front();
        if (eligible(d))
        {
            m_queued.erase(d);
            *device = d;
            return true;
        }
        m_queue.push_back(d);
    }
    return false;
}

uint32_t
RoundRobinRadioScheduler::GetWaitingCount() const
{
    return static_cast<uint32_t>(m_queue.size());
}

bool
RoundRobinRadioScheduler::IsWaiting(uint32_t device) const
{
    return m_queued.count(device) != 0;
}

} // namespace lpwa
} // namespace ns3
