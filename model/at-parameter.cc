/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-parameter.h"

#include <cctype>

namespace ns3
{
namespace lpwa
{

AtParameter::AtParameter(Kind kind, std::string text)
    : m_kind(kind)
    , m_text(std::move(text))
{
}

AtParameter::Kind
AtParameter::GetKind() const
{
    return m_kind;
}

const std::string&
AtParameter::GetText() const
{
    return m_text;
}

bool
AtParameter::IsOmitted() const
{
    return m_kind == OMITTED;
}

bool
AtParameter::IsString() const
{
    return m_kind == STRING;
}

bool
AtParameter::GetInteger(int64_t& value, int64_t min, int64_t max) const
{
    if (m_kind != NUMBER || m_text.empty())
    {
        return false;
    }
    size_t pos = 0;
    bool negative = false;
    if (m_text[0] == '+' || m_text[0] == '-')
    {
        negative = m_text[0] == '-';
        pos = 1;
    }
    if (pos >= m_text.size() || m_text.size() - pos > 18)
    {
        return false;
    }
    int64_t v = 0;
    for (; pos < m_text.size(); ++pos)
    {
        if (!std::isdigit(static_cast<unsigned char>(m_text[pos])))
        {
            return false;
        }
        v = v * 10 + (m_text[pos] - '0');
    }
    v = negative ? -v : v;
    if (v < min || v > max)
    {
        return false;
    }
    value = v;
    return true;
}

bool
AtParameter::GetHex(uint32_t& value, uint32_t max) const
{
    if (m_kind != TOKEN || m_text.size() < 3 || m_text.size() > 10 || m_text[0] != '0' ||
        (m_text[1] != 'x' && m_text[1] != 'X'))
    {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 2; i < m_text.size(); ++i)
    {
        const auto c = static_cast<unsigned char>(m_text[i]);
        if (!std::isxdigit(c))
        {
            return false;
        }
        v = v * 16 + (std::isdigit(c) ? c - '0' : std::tolower(c) - 'a' + 10);
    }
    if (v > max)
    {
        return false;
    }
    value = static_cast<uint32_t>(v);
    return true;
}

} // namespace lpwa
} // namespace ns3
