/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-line-reader.h"

namespace ns3
{
namespace lpwa
{

AtLineReader::Result
AtLineReader::Add(uint8_t byte)
{
    if (byte == '\n' && m_afterCr)
    {
        m_afterCr = false;
        return LINE_FEED;
    }
    m_afterCr = byte == '\r';
    if (byte == '\r' || byte == '\n')
    {
        m_complete.clear();
        m_complete.swap(m_partial);
        return m_complete.empty() ? NOTHING : LINE;
    }
    m_partial.push_back(static_cast<char>(byte));
    if (m_partial == "> ")
    {
        // The prompt is not part of a line: what follows it (a result with no leading CR LF
        // under ATE0V0, say) starts a line of its own.
        m_partial.clear();
        return PROMPT;
    }
    return NOTHING;
}

std::string
AtLineReader::TakeLine()
{
    std::string line;
    line.swap(m_complete);
    return line;
}

const std::string&
AtLineReader::GetPartialLine() const
{
    return m_partial;
}

void
AtLineReader::ClearPartialLine()
{
    m_partial.clear();
}

bool
AtLineReader::IsAfterCr() const
{
    return m_afterCr;
}

void
AtLineReader::Reset()
{
    m_partial.clear();
    m_afterCr = false;
}

} // namespace lpwa
} // namespace ns3
