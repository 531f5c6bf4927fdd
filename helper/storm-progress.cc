/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "storm-progress.h"

#include "ns3/simulator.h"

#include <cstdio>

namespace ns3
{
namespace lpwa
{

StormProgress::StormProgress(std::ostream& os, double total)
    : m_os(os)
    , m_total(total)
    , m_start(std::chrono::steady_clock::now())
    , m_last(m_start)
{
}

void
StormProgress::Tick(uint32_t second)
{
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - m_last).count();
    if (since < 1.0)
    {
        return;
    }
    const uint64_t events = Simulator::GetEventCount();
    char buf[200];
    std::snprintf(buf,
                  sizeof(buf),
                  "storm: %u/%.0f s simulated, %.1f s wall, %.0f events/s\n",
                  second,
                  m_total,
                  GetWallSeconds(),
                  (events - m_lastEvents) / since);
    m_os << buf << std::flush;
    m_last = now;
    m_lastEvents = events;
}

double
StormProgress::GetWallSeconds() const
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

} // namespace lpwa
} // namespace ns3
