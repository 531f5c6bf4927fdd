/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-command-parser.h"

#include <cctype>

namespace ns3
{
namespace lpwa
{

namespace
{

bool
IsNameChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '!' || c == '%' || c == '-' ||
           c == '.' || c == '/' || c == ':' || c == '_';
}

std::string
Upper(std::string s)
{
    for (auto& c : s)
    {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

bool
IsNumber(const std::string& s)
{
    size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    if (i >= s.size())
    {
        return false;
    }
    for (; i < s.size(); ++i)
    {
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
        {
            return false;
        }
    }
    return true;
}

/// Cursor over the body that skips spaces outside strings.
class Cursor
{
  public:
    explicit Cursor(const std::string& s)
        : m_s(s)
    {
    }

    void SkipSpaces()
    {
        while (m_pos < m_s.size() && m_s[m_pos] == ' ')
        {
            ++m_pos;
        }
    }

    bool AtEnd()
    {
        SkipSpaces();
        return m_pos >= m_s.size();
    }

    char Peek()
    {
        SkipSpaces();
        return m_pos < m_s.size() ? m_s[m_pos] : '\0';
    }

    char PeekRaw() const
    {
        return m_pos < m_s.size() ? m_s[m_pos] : '\0';
    }

    char Next()
    {
        SkipSpaces();
        return m_pos < m_s.size() ? m_s[m_pos++] : '\0';
    }

    char NextRaw()
    {
        return m_pos < m_s.size() ? m_s[m_pos++] : '\0';
    }

    size_t Position() const
    {
        return m_pos;
    }

    std::string Slice(size_t from) const
    {
        return m_s.substr(from, m_pos - from);
    }

    std::string Rest()
    {
        std::string rest = m_s.substr(m_pos);
        m_pos = m_s.size();
        return rest;
    }

  private:
    const std::string& m_s;
    size_t m_pos{0};
};

/// Reads optional decimal digits (spaces allowed between them, as V.25ter ignores spaces).
bool
ReadDigits(Cursor& c, int64_t& value)
{
    bool any = false;
    value = 0;
    while (std::isdigit(static_cast<unsigned char>(c.Peek())))
    {
        value = value * 10 + (c.Next() - '0');
        any = true;
        if (value > 1000000000)
        {
            return false;
        }
    }
    if (!any)
    {
        value = -1;
    }
    return true;
}

bool
ParseParameters(Cursor& c, AtCommand& command, std::string& error)
{
    if (c.AtEnd() || c.Peek() == ';')
    {
        return true;
    }
    while (true)
    {
        c.SkipSpaces();
        if (c.PeekRaw() == '"')
        {
            c.NextRaw();
            std::string text;
            while (true)
            {
                const size_t before = c.Position();
                const char ch = c.NextRaw();
                if (ch == '\0' && before == c.Position())
                {
                    error = "unterminated string constant";
                    return false;
                }
                if (ch == '"')
                {
                    break;
                }
                text.push_back(ch);
            }
            command.AddParameter(AtParameter(AtParameter::STRING, text));
            c.SkipSpaces();
            const char after = c.PeekRaw();
            if (after != ',' && after != ';' && after != '\0')
            {
                error = "text after a string constant";
                return false;
            }
        }
        else
        {
            std::string text;
            while (c.PeekRaw() != '\0' && c.PeekRaw() != ',' && c.PeekRaw() != ';')
            {
                const char ch = c.NextRaw();
                if (ch == '"')
                {
                    error = "quote inside an unquoted parameter";
                    return false;
                }
                if (ch != ' ')
                {
                    text.push_back(ch);
                }
            }
            if (text.empty())
            {
                command.AddParameter(AtParameter(AtParameter::OMITTED, ""));
            }
            else if (IsNumber(text))
            {
                command.AddParameter(AtParameter(AtParameter::NUMBER, text));
            }
            else
            {
                command.AddParameter(AtParameter(AtParameter::TOKEN, text));
            }
        }
        if (c.PeekRaw() == ',')
        {
            c.NextRaw();
            if (c.AtEnd() || c.Peek() == ';')
            {
                command.AddParameter(AtParameter(AtParameter::OMITTED, ""));
                return true;
            }
            continue;
        }
        return true;
    }
}

} // namespace

bool
AtCommandParser::Parse(const std::string& body,
                       std::vector<AtCommand>& commands,
                       std::string& error)
{
    commands.clear();
    error.clear();
    Cursor c(body);
    while (!c.AtEnd())
    {
        const size_t start = c.Position();
        const char first = c.Next();
        if (first == ';')
        {
            continue;
        }
        if (first == '+' || first == '$' || first == '^')
        {
            std::string name(1, first);
            while (IsNameChar(c.PeekRaw()))
            {
                name.push_back(c.NextRaw());
            }
            if (name.size() == 1)
            {
                error = "extended command without a name";
                return false;
            }
            AtCommand command(Upper(name), AtCommand::EXECUTE, false);
            if (c.Peek() == '=')
            {
                c.Next();
                if (c.Peek() == '?')
                {
                    c.Next();
                    command = AtCommand(Upper(name), AtCommand::TEST, false);
                }
                else
                {
                    command = AtCommand(Upper(name), AtCommand::WRITE, false);
                    if (!ParseParameters(c, command, error))
                    {
                        return false;
                    }
                }
            }
            else if (c.Peek() == '?')
            {
                c.Next();
                command = AtCommand(Upper(name), AtCommand::READ, false);
            }
            if (!c.AtEnd() && c.Peek() != ';')
            {
                error = "unexpected character after " + command.GetName();
                return false;
            }
            command.SetText(body.substr(start, c.Position() - start));
            commands.push_back(command);
            continue;
        }
        if (first == '&' || std::isalpha(static_cast<unsigned char>(first)))
        {
            std::string name(1, static_cast<char>(std::toupper(static_cast<unsigned char>(first))));
            if (first == '&')
            {
                const char letter = c.Next();
                if (!std::isalpha(static_cast<unsigned char>(letter)))
                {
                    error = "& without a letter";
                    return false;
                }
                name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(letter))));
            }
            if (name == "D")
            {
                AtCommand command("D", AtCommand::EXECUTE, true);
                command.AddParameter(AtParameter(AtParameter::TOKEN, c.Rest()));
                command.SetText(body.substr(start));
                commands.push_back(command);
                break;
            }
            if (name == "S")
            {
                int64_t reg = -1;
                if (!ReadDigits(c, reg) || reg < 0)
                {
                    error = "S without a register number";
                    return false;
                }
                AtCommand command("S", AtCommand::EXECUTE, true);
                if (c.Peek() == '?')
                {
                    c.Next();
                    command = AtCommand("S", AtCommand::READ, true);
                }
                else if (c.Peek() == '=')
                {
                    c.Next();
                    command = AtCommand("S", AtCommand::WRITE, true);
                    int64_t value = -1;
                    if (!ReadDigits(c, value))
                    {
                        error = "S-register value out of range";
                        return false;
                    }
                    command.AddParameter(
                        value < 0 ? AtParameter(AtParameter::OMITTED, "")
                                  : AtParameter(AtParameter::NUMBER, std::to_string(value)));
                }
                command.SetBasicValue(reg);
                command.SetText(c.Slice(start));
                commands.push_back(command);
                continue;
            }
            int64_t value = -1;
            if (!ReadDigits(c, value))
            {
                error = "number after " + name + " out of range";
                return false;
            }
            AtCommand command(name, AtCommand::EXECUTE, true);
            command.SetBasicValue(value);
            command.SetText(c.Slice(start));
            commands.push_back(command);
            continue;
        }
        error = std::string("unexpected character '") + first + "'";
        return false;
    }
    return true;
}

} // namespace lpwa
} // namespace ns3
