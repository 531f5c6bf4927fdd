/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_REALTIME_LAG_MONITOR_H
#define LPWA_REALTIME_LAG_MONITOR_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <ostream>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Watches how far a real-time simulation falls behind wall-clock time.
 *
 * Under RealtimeSimulatorImpl (best-effort mode) an event runs when wall-clock time reaches
 * its simulated time, or late if the events before it took longer than the simulated time
 * between them (a burst of handshakes whose real OpenSSL work exceeds the modelled MCU time,
 * a slow host). Every `Interval` of simulated time the monitor runs a probe event and
 * measures its lateness: the simulator's real-time clock (RealtimeSimulatorImpl::RealtimeNow())
 * minus the simulated time. A lateness above `Threshold` is a late probe: it fires the `Lag`
 * trace and counts (GetLateProbes(), GetMaxLag()). If a report stream is set, it also prints
 * one line there, at most once per `ReportInterval`, with the worst lag since the last line.
 *
 * The monitor reads the host clock only through the real-time simulator, and only to report;
 * it does not change what the simulation does. Start() needs RealtimeSimulatorImpl (an
 * NS_FATAL_ERROR otherwise).
 */
class RealtimeLagMonitor : public Object
{
  public:
    /**
     * \brief Signature of the Lag trace source.
     * \param lag how late the probe ran (wall-clock minus simulated time)
     */
    typedef void (*LagTracedCallback)(Time lag);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RealtimeLagMonitor();
    ~RealtimeLagMonitor() override;

    /**
     * \brief Print rate-limited reports on a stream.
     * \param stream the stream (e.g. &std::cerr), or nullptr for none
     */
    void SetReportStream(std::ostream* stream);

    /// \brief Start probing (the first probe runs one `Interval` from now).
    void Start();

    /// \brief Stop probing.
    void Stop();

    /// \brief \return the number of probes run
    uint64_t GetProbes() const;

    /// \brief \return the number of probes later than `Threshold`
    uint64_t GetLateProbes() const;

    /// \brief \return the largest lateness measured
    Time GetMaxLag() const;

  protected:
    void DoDispose() override;

  private:
    /// Measure the lateness of this event and schedule the next one.
    void Probe();

    Time m_interval;                 //!< Interval attribute
    Time m_threshold;                //!< Threshold attribute
    Time m_reportInterval;           //!< ReportInterval attribute
    std::ostream* m_report{nullptr}; //!< where reports go
    EventId m_event;                 //!< next probe
    uint64_t m_probes{0};            //!< probes run
    uint64_t m_late{0};              //!< late probes
    Time m_maxLag;                   //!< largest lateness
    Time m_windowMax;                //!< largest lateness since the last report
    uint64_t m_windowLate{0};        //!< late probes since the last report
    Time m_lastReport;               //!< simulated time of the last report
    bool m_reported{false};          //!< a report was printed
    TracedCallback<Time> m_lagTrace; //!< Lag
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_REALTIME_LAG_MONITOR_H
