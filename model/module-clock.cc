/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-clock.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"

#include <cctype>
#include <cstdio>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModuleClock");
NS_OBJECT_ENSURE_REGISTERED(ModuleClock);

namespace
{

/// Days from 1970-01-01 to the given proleptic Gregorian date.
int64_t
DaysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

/// The calendar date of a day count since 1970-01-01.
void
CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

bool
IsLeap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned
DaysInMonth(int64_t y, unsigned m)
{
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : days[m - 1];
}

/// Reads exactly two decimal digits at text[pos].
bool
TwoDigits(const std::string& text, size_t pos, unsigned& value)
{
    if (pos + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[pos])) ||
        !std::isdigit(static_cast<unsigned char>(text[pos + 1])))
    {
        return false;
    }
    value = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
    return true;
}

} // namespace

TypeId
ModuleClock::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::ModuleClock")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<ModuleClock>()
            .AddAttribute(
                "InitialTime",
                "Clock reading at simulation time 0, in +CCLK format "
                "\"yy/MM/dd,hh:mm:ss+zz\". The default is the GPS epoch, which "
                "Quectel modules report before they have network time.",
                StringValue("80/01/06,00:00:00+00"),
                MakeStringAccessor(&ModuleClock::SetInitialTime, &ModuleClock::GetInitialTime),
                MakeStringChecker())
            .AddTraceSource("ClockSet",
                            "The clock was set: old and new UTC reading in seconds.",
                            MakeTraceSourceAccessor(&ModuleClock::m_clockSetTrace),
                            "ns3::lpwa::ModuleClock::ClockSetCallback");
    return tid;
}

ModuleClock::ModuleClock()
{
    NS_LOG_FUNCTION(this);
}

ModuleClock::~ModuleClock()
{
    NS_LOG_FUNCTION(this);
}

void
ModuleClock::SetInitialTime(const std::string& text)
{
    int64_t unixSeconds = 0;
    int32_t zone = 0;
    if (!Parse(text, unixSeconds, zone))
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleClock attribute InitialTime: \""
                       << text << "\" is not a +CCLK time \"yy/MM/dd,hh:mm:ss+zz\"");
    }
    m_initial = text;
    m_unixAtSet = unixSeconds;
    m_timeZone = zone;
    m_setAt = Seconds(0);
}

std::string
ModuleClock::GetInitialTime() const
{
    return m_initial;
}

bool
ModuleClock::SetFromString(const std::string& text)
{
    int64_t unixSeconds = 0;
    int32_t zone = 0;
    if (!Parse(text, unixSeconds, zone))
    {
        NS_LOG_LOGIC("rejected clock string " << text);
        return false;
    }
    SetUnixTime(unixSeconds, zone);
    return true;
}

void
ModuleClock::SetUnixTime(int64_t unixSeconds, int32_t quarterHours)
{
    const int64_t old = GetUnixTime();
    m_unixAtSet = unixSeconds;
    m_setAt = Simulator::Now();
    m_timeZone = quarterHours;
    NS_LOG_INFO("clock set to " << Format(unixSeconds, quarterHours));
    m_clockSetTrace(old, unixSeconds);
}

int64_t
ModuleClock::GetUnixTime() const
{
    const int64_t elapsed = (Simulator::Now() - m_setAt).GetNanoSeconds() / 1000000000;
    return m_unixAtSet + elapsed;
}

int32_t
ModuleClock::GetTimeZone() const
{
    return m_timeZone;
}

std::string
ModuleClock::GetString() const
{
    return Format(GetUnixTime(), m_timeZone);
}

bool
ModuleClock::Parse(const std::string& text, int64_t& unixSeconds, int32_t& quarterHours)
{
    // yy/MM/dd,hh:mm:ss±zz (zz may be one or two digits)
    if (text.size() < 19 || text.size() > 20 || text[2] != '/' || text[5] != '/' ||
        text[8] != ',' || text[11] != ':' || text[14] != ':' ||
        (text[17] != '+' && text[17] != '-'))
    {
        return false;
    }
    unsigned yy = 0;
    unsigned mo = 0;
    unsigned dd = 0;
    unsigned hh = 0;
    unsigned mi = 0;
    unsigned ss = 0;
    if (!TwoDigits(text, 0, yy) || !TwoDigits(text, 3, mo) || !TwoDigits(text, 6, dd) ||
        !TwoDigits(text, 9, hh) || !TwoDigits(text, 12, mi) || !TwoDigits(text, 15, ss))
    {
        return false;
    }
    unsigned zz = 0;
    if (text.size() == 20)
    {
        if (!TwoDigits(text, 18, zz))
        {
            return false;
        }
    }
    else
    {
        if (!std::isdigit(static_cast<unsigned char>(text[18])))
        {
            return false;
        }
        zz = text[18] - '0';
    }
    const int64_t year = yy >= 70 ? 1900 + yy : 2000 + yy;
    if (mo < 1 || mo > 12 || dd < 1 || dd > DaysInMonth(year, mo) || hh > 23 || mi > 59 || ss > 59)
    {
        return false;
    }
    const int32_t zone = text[17] == '-' ? -static_cast<int32_t>(zz) : static_cast<int32_t>(zz);
    if (zone < -48 || zone > 56)
    {
        return false;
    }
    const int64_t local = DaysFromCivil(year, mo, dd) * 86400 + hh * 3600 + mi * 60 + ss;
    unixSeconds = local - static_cast<int64_t>(zone) * 900;
    quarterHours = zone;
    return true;
}

std::string
ModuleClock::Format(int64_t unixSeconds, int32_t quarterHours)
{
    const std::string full = FormatFullYear(unixSeconds, quarterHours);
    return full.substr(2);
}

std::string
ModuleClock::FormatFullYear(int64_t unixSeconds, int32_t quarterHours)
{
    const int64_t local = unixSeconds + static_cast<int64_t>(quarterHours) * 900;
    int64_t days = local / 86400;
    int64_t rest = local % 86400;
    if (rest < 0)
    {
        rest += 86400;
        --days;
    }
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    CivilFromDays(days, year, month, day);
    char buffer[64];
    std::snprintf(buffer,
                  sizeof(buffer),
                  "%04u/%02u/%02u,%02u:%02u:%02u%c%02d",
                  static_cast<unsigned>(year),
                  month,
                  day,
                  static_cast<unsigned>(rest / 3600),
                  static_cast<unsigned>((rest / 60) % 60),
                  static_cast<unsigned>(rest % 60),
                  quarterHours < 0 ? '-' : '+',
                  quarterHours < 0 ? -quarterHours : quarterHours);
    return buffer;
}

} // namespace lpwa
} // namespace ns3
