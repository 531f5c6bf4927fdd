/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-transcript.h"

#include "ns3/simulator.h"

#include <cstdio>
#include <cstdlib>

namespace ns3
{
namespace lpwa
{

void
AtTranscript::AddByte(Direction direction, uint8_t byte)
{
    Partial& p = m_partial[direction];
    if (byte == '\n' && p.afterCr)
    {
        p.afterCr = false; // the LF of CR LF
        return;
    }
    p.afterCr = false;
    if (byte == '\r' || byte == '\n')
    {
        p.last = Simulator::Now();
        EndLine(direction);
        p.afterCr = byte == '\r';
        return;
    }
    p.text += Escape(std::string(1, static_cast<char>(byte)));
    p.last = Simulator::Now();
}

void
AtTranscript::AddDataByte(Direction direction, uint8_t byte)
{
    Partial& p = m_partial[direction];
    p.afterCr = false;
    p.text += Escape(std::string(1, static_cast<char>(byte)));
    p.last = Simulator::Now();
    if (byte == '\n')
    {
        EndLine(direction);
    }
}

void
AtTranscript::Flush(Direction direction)
{
    Partial& p = m_partial[direction];
    if (!p.text.empty())
    {
        EndLine(direction);
    }
}

void
AtTranscript::EndLine(Direction direction)
{
    Partial& p = m_partial[direction];
    if (!p.text.empty())
    {
        Line line{p.last, direction, p.text};
        // Keep time order: a partial line closed late may predate lines already recorded.
        auto it = m_lines.end();
        while (it != m_lines.begin() && (it - 1)->time > line.time)
        {
            --it;
        }
        m_lines.insert(it, line);
    }
    p.text.clear();
}

const std::vector<AtTranscript::Line>&
AtTranscript::GetLines() const
{
    return m_lines;
}

std::string
AtTranscript::FormatTime(Time time)
{
    const int64_t ns = time.GetNanoSeconds();
    char buffer[48];
    std::snprintf(buffer,
                  sizeof(buffer),
                  "%lld.%09lld",
                  static_cast<long long>(ns / 1000000000),
                  static_cast<long long>(ns % 1000000000));
    return buffer;
}

std::string
AtTranscript::Format(const Line& line)
{
    return FormatTime(line.time) + (line.direction == HOST_TO_MODULE ? " > " : " < ") + line.text;
}

std::string
AtTranscript::Escape(const std::string& bytes)
{
    std::string out;
    for (unsigned char c : bytes)
    {
        if (c >= 0x20 && c < 0x7F && c != '\\')
        {
            out.push_back(static_cast<char>(c));
        }
        else
        {
            char hex[8];
            std::snprintf(hex, sizeof(hex), "\\x%02X", c);
            out += hex;
        }
    }
    return out;
}

bool
AtTranscript::Parse(const std::string& text, Line& line)
{
    const size_t space = text.find(' ');
    if (space == std::string::npos || space + 2 >= text.size() + 1 || text.size() < space + 3)
    {
        return false;
    }
    const std::string seconds = text.substr(0, space);
    const size_t dot = seconds.find('.');
    if (dot == std::string::npos || seconds.size() - dot - 1 != 9)
    {
        return false;
    }
    for (size_t i = 0; i < seconds.size(); ++i)
    {
        if (i != dot && !std::isdigit(static_cast<unsigned char>(seconds[i])))
        {
            return false;
        }
    }
    const char dir = text[space + 1];
    if ((dir != '>' && dir != '<') || (text.size() > space + 2 && text[space + 2] != ' '))
    {
        return false;
    }
    const long long whole = std::atoll(seconds.substr(0, dot).c_str());
    const long long frac = std::atoll(seconds.substr(dot + 1).c_str());
    line.time = NanoSeconds(whole * 1000000000LL + frac);
    line.direction = dir == '>' ? HOST_TO_MODULE : MODULE_TO_HOST;
    line.text = text.size() > space + 3 ? text.substr(space + 3) : std::string();
    return true;
}

bool
AtTranscript::Matches(std::istream& golden, Time tolerance, std::string& report) const
{
    std::string text;
    size_t index = 0;
    size_t lineNumber = 0;
    while (std::getline(golden, text))
    {
        ++lineNumber;
        if (text.empty() || text[0] == '#')
        {
            continue; // comments in golden files
        }
        Line expected;
        if (!Parse(text, expected))
        {
            report =
                "golden line " + std::to_string(lineNumber) + " is not a transcript line: " + text;
            return false;
        }
        if (index >= m_lines.size())
        {
            report = "run ended before golden line " + std::to_string(lineNumber) +
                     "\n  expected: " + text + "\n  actual:   (nothing)";
            return false;
        }
        const Line& actual = m_lines[index++];
        const Time drift =
            actual.time > expected.time ? actual.time - expected.time : expected.time - actual.time;
        if (actual.direction != expected.direction || actual.text != expected.text ||
            drift > tolerance)
        {
            report = "first difference at golden line " + std::to_string(lineNumber) +
                     "\n  expected: " + text + "\n  actual:   " + Format(actual);
            return false;
        }
    }
    if (index < m_lines.size())
    {
        report =
            "run has more lines than the golden transcript\n  expected: (nothing)\n  actual:   " +
            Format(m_lines[index]);
        return false;
    }
    return true;
}

} // namespace lpwa
} // namespace ns3
