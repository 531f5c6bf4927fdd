/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-command.h"

namespace ns3
{
namespace lpwa
{

namespace
{
const AtParameter g_omitted(AtParameter::OMITTED, "");
} // namespace

AtCommand::AtCommand() = default;

AtCommand::AtCommand(std::string name, Form form, bool basic)
    : m_name(std::move(name))
    , m_form(form)
    , m_basic(basic)
{
}

const std::string&
AtCommand::GetName() const
{
    return m_name;
}

AtCommand::Form
AtCommand::GetForm() const
{
    return m_form;
}

bool
AtCommand::IsBasic() const
{
    return m_basic;
}

int64_t
AtCommand::GetBasicValue() const
{
    return m_basicValue;
}

void
AtCommand::SetBasicValue(int64_t value)
{
    m_basicValue = value;
}

const std::vector<AtParameter>&
AtCommand::GetParameters() const
{
    return m_parameters;
}

void
AtCommand::AddParameter(const AtParameter& parameter)
{
    m_parameters.push_back(parameter);
}

size_t
AtCommand::GetParameterCount() const
{
    return m_parameters.size();
}

const AtParameter&
AtCommand::GetParameter(size_t index) const
{
    return index < m_parameters.size() ? m_parameters[index] : g_omitted;
}

bool
AtCommand::GetOptionalInteger(int64_t& value, int64_t min, int64_t max) const
{
    if (m_form == EXECUTE)
    {
        return true;
    }
    return m_form == WRITE && m_parameters.size() == 1 &&
           m_parameters[0].GetInteger(value, min, max);
}

const std::string&
AtCommand::GetText() const
{
    return m_text;
}

void
AtCommand::SetText(const std::string& text)
{
    m_text = text;
}

} // namespace lpwa
} // namespace ns3
