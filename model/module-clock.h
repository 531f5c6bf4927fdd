/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_MODULE_CLOCK_H
#define LPWA_MODULE_CLOCK_H

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The real-time clock of a modelled module (`AT+CCLK`).
 *
 * The clock reads calendar time as a function of simulated time: it never looks at the host's
 * clock. It starts at the `InitialTime` attribute when the simulation starts and advances with
 * Simulator::Now(). Setting it (by `AT+CCLK=...` or by network time) stores an offset, so the
 * reading keeps advancing from the new value. Certificate validity checks and session expiry use
 * GetUnixTime().
 *
 * Time strings use the 3GPP TS 27.007 `+CCLK` format `"yy/MM/dd,hh:mm:ss±zz"`, where the
 * time is local time and `zz` is the offset from UTC in quarter hours (-48..+56). Two-digit years
 * 70-99 are 1970-1999 and 00-69 are 2000-2069.
 */
class ModuleClock : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ModuleClock();
    ~ModuleClock() override;

    /**
     * \brief Set the clock from a `+CCLK` string, as `AT+CCLK="..."` does.
     * \param text the time string, without the surrounding quotes
     * \return true if the string was valid and the clock was set; false leaves it unchanged
     */
    bool SetFromString(const std::string& text);

    /**
     * \brief Set the clock to a UTC time and a time zone, as network time (NITZ) does.
     * \param unixSeconds seconds since 1970-01-01T00:00:00Z
     * \param quarterHours the time zone, in quarter hours east of UTC
     */
    void SetUnixTime(int64_t unixSeconds, int32_t quarterHours);

    /**
     * \brief Get the current reading as a `+CCLK` string (local time and zone).
     * \return the reading, e.g. `26/11/22,10:00:00+04`
     */
    std::string GetString() const;

    /**
     * \brief Get the current reading in UTC.
     * \return whole seconds since 1970-01-01T00:00:00Z at the current simulated time
     */
    int64_t GetUnixTime() const;

    /**
     * \brief Get the configured time zone.
     * \return the time zone, in quarter hours east of UTC
     */
    int32_t GetTimeZone() const;

    /**
     * \brief Parse a `+CCLK` string.
     * \param text the time string, without quotes
     * \param unixSeconds receives the UTC time it denotes
     * \param quarterHours receives its time zone
     * \return true if the string is well formed and denotes a real calendar instant
     */
    static bool Parse(const std::string& text, int64_t& unixSeconds, int32_t& quarterHours);

    /**
     * \brief Format a UTC time and zone as a `+CCLK` string.
     * \param unixSeconds seconds since the Unix epoch (years 1970-2069)
     * \param quarterHours the time zone, in quarter hours east of UTC
     * \return the formatted local time, e.g. `26/11/22,10:00:00+04`
     */
    static std::string Format(int64_t unixSeconds, int32_t quarterHours);

    /**
     * \brief Format a UTC time and zone with a four-digit year, as `+CTZE` and `+QLTS` do.
     * \param unixSeconds seconds since the Unix epoch (years 0-9999)
     * \param quarterHours the time zone, in quarter hours east of UTC
     * \return the local time and zone, e.g. `2026/11/22,10:00:00+04`
     */
    static std::string FormatFullYear(int64_t unixSeconds, int32_t quarterHours);

  private:
    /**
     * \brief Attribute setter for InitialTime.
     * \param text the time string
     */
    void SetInitialTime(const std::string& text);
    /**
     * \brief Attribute getter for InitialTime.
     * \return the time string
     */
    std::string GetInitialTime() const;

    int64_t m_unixAtSet{0}; //!< UTC reading at the moment the clock was last set
    Time m_setAt;           //!< simulated time at which the clock was last set
    int32_t m_timeZone{0};  //!< time zone in quarter hours
    std::string m_initial;  //!< InitialTime attribute value

    /// Fired when the clock is set: old UTC reading, new UTC reading.
    TracedCallback<int64_t, int64_t> m_clockSetTrace;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_MODULE_CLOCK_H
