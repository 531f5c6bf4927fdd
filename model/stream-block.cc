/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stream-block.h"

#include "ns3/fatal-error.h"

namespace ns3
{
namespace lpwa
{

int64_t
StreamBlock::Assign(int64_t first, int64_t size)
{
    if (first < 0)
    {
        NS_FATAL_ERROR("ns3::lpwa::StreamBlock::Assign: first stream " << first << " is negative");
    }
    if (size < 1)
    {
        NS_FATAL_ERROR("ns3::lpwa::StreamBlock::Assign: size " << size << " is not >= 1");
    }
    m_next = first;
    m_end = first + size;
    return size;
}

bool
StreamBlock::Take(int64_t& stream)
{
    if (m_next < 0 || m_next >= m_end)
    {
        return false;
    }
    stream = m_next++;
    return true;
}

bool
StreamBlock::IsAssigned() const
{
    return m_next >= 0;
}

int64_t
StreamBlock::GetRemaining() const
{
    return m_next < 0 ? 0 : m_end - m_next;
}

} // namespace lpwa
} // namespace ns3
