/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_STORM_PROGRESS_H
#define LPWA_STORM_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <ostream>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Progress of a long run on a stream (stderr): simulated time, wall time and events/s,
 *        at most once per wall-clock second.
 *
 * The wall clock is read only here, for the user's eyes: nothing it reads reaches the model
 * or the output files. Call Tick() from a simulation event (StormScenario::SetTick()).
 */
class StormProgress
{
  public:
    /**
     * \brief Start measuring.
     * \param os where to print
     * \param total the simulated duration, s
     */
    StormProgress(std::ostream& os, double total);

    /**
     * \brief Report the simulated second reached, if a wall second has passed since the last
     *        line.
     * \param second simulated seconds
     */
    void Tick(uint32_t second);

    /**
     * \brief Get the wall time since construction.
     * \return seconds
     */
    double GetWallSeconds() const;

  private:
    std::ostream& m_os;                            //!< output
    double m_total;                                //!< simulated duration, s
    std::chrono::steady_clock::time_point m_start; //!< construction
    std::chrono::steady_clock::time_point m_last;  //!< last line
    uint64_t m_lastEvents{0};                      //!< events at the last line
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_STORM_PROGRESS_H
