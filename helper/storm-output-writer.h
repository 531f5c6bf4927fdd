/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_STORM_OUTPUT_WRITER_H
#define LPWA_STORM_OUTPUT_WRITER_H

#include "storm-scenario.h"

#include <ostream>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Writes the outputs of a StormScenario run into a directory: connections.csv,
 *        timeline.csv, energy.csv, summary.json, the gnuplot scripts (reconnected.plt,
 *        handshake-cdf.plt, server-utilisation.plt, with their data files) and, when gnuplot
 *        is on the PATH, their PNGs. Columns and units: doc/lpwa-modem.rst, "Reconnection
 *        storm".
 *
 * Every file depends only on the scenario's results: numbers are printed with a fixed
 * format, nothing reads the host clock, so the same options and seed give byte-identical
 * files however the program is launched.
 */
class StormOutputWriter
{
  public:
    /**
     * \brief Create a writer for a scenario that has run.
     * \param scenario the scenario (after StormScenario::Run())
     */
    explicit StormOutputWriter(const StormScenario& scenario);

    /**
     * \brief Write every file (creating the directory).
     * \param dir the output directory
     * \param error what went wrong, naming the file
     * \return true on success
     */
    bool Write(const std::string& dir, std::string& error) const;

    /**
     * \brief Render the plots with gnuplot if it is on the PATH.
     * \param dir the output directory (after Write())
     * \param message what happened, for the user
     * \return true if PNGs were rendered
     */
    bool RenderPlots(const std::string& dir, std::string& message) const;

    /**
     * \brief Print the summary table.
     * \param os the stream
     */
    void PrintSummary(std::ostream& os) const;

    /**
     * \brief Get the summary as JSON text (the contents of summary.json).
     * \return the JSON document
     */
    std::string GetSummaryJson() const;

    /**
     * \brief Get the time from the end of the outage until a fraction of the devices had
     *        reconnected.
     * \param fraction in (0, 1]
     * \return seconds, or -1 if that fraction never reconnected
     */
    double GetTimeToFraction(double fraction) const;

  private:
    std::string ConnectionsCsv() const;
    std::string TimelineCsv() const;
    std::string EnergyCsv() const;
    std::map<std::string, uint32_t> GetFailures() const;

    const StormScenario& m_scenario; //!< the results
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_STORM_OUTPUT_WRITER_H
