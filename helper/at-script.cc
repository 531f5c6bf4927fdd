/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-script.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace ns3
{
namespace lpwa
{

namespace
{

int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool
ParseSeconds(const std::string& text, double& seconds)
{
    if (text.empty())
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    seconds = std::strtod(text.c_str(), &end);
    return errno == 0 && end && *end == '\0' && seconds >= 0 && seconds < 1e9;
}

std::string
Trim(const std::string& s)
{
    const size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
    {
        return "";
    }
    const size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

} // namespace

bool
AtScript::Unescape(const std::string& text, std::string& bytes, std::string& error)
{
    bytes.clear();
    for (size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '\\')
        {
            bytes.push_back(text[i]);
            continue;
        }
        if (i + 1 >= text.size())
        {
            error = "a lone backslash ends the text";
            return false;
        }
        const char c = text[++i];
        switch (c)
        {
            case 'r':
                bytes.push_back('\r');
                break;
            case 'n':
                bytes.push_back('\n');
                break;
            case 't':
                bytes.push_back('\t');
                break;
            case '\\':
                bytes.push_back('\\');
                break;
            case 'x':
            case 'X':
            {
                const int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
                const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
                if (hi < 0 || lo < 0)
                {
                    error = "\\x needs two hex digits";
                    return false;
                }
                bytes.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                break;
            }
            default:
                error = std::string("unknown escape \\") + c;
                return false;
        }
    }
    return true;
}

bool
AtScript::Parse(std::istream& input, const std::string& baseDirectory, std::string& error)
{
    m_steps.clear();
    std::string text;
    size_t number = 0;
    while (std::getline(input, text))
    {
        ++number;
        if (!text.empty() && text.back() == '\r')
        {
            text.pop_back(); // scripts written on Windows
        }
        const std::string where = "line " + std::to_string(number) + ": ";
        if (text.empty() || text[0] != '@')
        {
            m_steps.push_back(Step{COMMAND, text + "\r", 0, false, number});
            continue;
        }
        const size_t space = text.find(' ');
        const std::string directive = text.substr(0, space);
        const std::string argument = space == std::string::npos ? "" : text.substr(space + 1);
        if (directive.rfind("@#", 0) == 0)
        {
            continue;
        }
        if (directive == "@data")
        {
            std::string bytes;
            std::string why;
            if (!Unescape(argument, bytes, why))
            {
                error = where + "@data: " + why;
                return false;
            }
            if (bytes.empty())
            {
                error = where + "@data needs bytes to send";
                return false;
            }
            m_steps.push_back(Step{DATA, bytes, 0, false, number});
        }
        else if (directive == "@file")
        {
            const std::string path = Trim(argument);
            if (path.empty())
            {
                error = where + "@file needs a path";
                return false;
            }
            std::ifstream file(path, std::ios::binary);
            if (!file && !baseDirectory.empty() && path[0] != '/')
            {
                file.open(baseDirectory + "/" + path, std::ios::binary);
            }
            if (!file)
            {
                error = where + "@file: cannot read \"" + path + "\"";
                return false;
            }
            std::string bytes((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
            if (bytes.empty())
            {
                error = where + "@file: \"" + path + "\" is empty";
                return false;
            }
            m_steps.push_back(Step{DATA, bytes, 0, false, number});
        }
        else if (directive == "@wait")
        {
            std::string body = Trim(argument);
            double timeout = DEFAULT_WAIT_TIMEOUT;
            const size_t last = body.find_last_of(" \t");
            double parsed = 0;
            if (last != std::string::npos && ParseSeconds(body.substr(last + 1), parsed))
            {
                timeout = parsed;
                body = Trim(body.substr(0, last));
            }
            if (body.empty())
            {
                error = where + "@wait needs the text to wait for";
                return false;
            }
            m_steps.push_back(Step{WAIT, body, timeout, false, number});
        }
        else if (directive == "@sleep")
        {
            double seconds = 0;
            if (!ParseSeconds(Trim(argument), seconds))
            {
                error = where + "@sleep needs a number of seconds >= 0, got \"" + argument + "\"";
                return false;
            }
            m_steps.push_back(Step{SLEEP, "", seconds, false, number});
        }
        else if (directive == "@dtr")
        {
            const std::string level = Trim(argument);
            if (level != "high" && level != "low")
            {
                error = where + "@dtr takes high or low, got \"" + level + "\"";
                return false;
            }
            m_steps.push_back(Step{DTR, "", 0, level == "high", number});
        }
        else
        {
            error = where + "unknown directive " + directive +
                    " (known: @data @file @wait @sleep @dtr @#)";
            return false;
        }
    }
    return true;
}

const std::vector<AtScript::Step>&
AtScript::GetSteps() const
{
    return m_steps;
}

} // namespace lpwa
} // namespace ns3
