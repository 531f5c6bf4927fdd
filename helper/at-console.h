/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_CONSOLE_H
#define LPWA_AT_CONSOLE_H

#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The AT console: one host, one modelled module and a server node, driven by a script.
 *
 * It is what `build/examples/lpwa-at-console` runs, and what tests call in-process. The
 * network side: the module's node (10.0.0.2) and a server node (10.0.0.1) joined by a
 * point-to-point link; the server runs a TCP echo server (port 7) and a DNS server whose table
 * holds `echo.example` (and any `--dns` entries). The module's resolver asks 10.0.0.1.
 */
class AtConsole
{
  public:
    /// What a run does.
    struct Options
    {
        std::string model{"BG95-M3"};     //!< module profile
        std::string script;               //!< script text
        std::string scriptDirectory{"."}; //!< for relative @file paths
        uint64_t seed{1};                 //!< RngSeedManager seed
        uint64_t run{1};                  //!< RngSeedManager run number
        uint32_t baud{115200};            //!< UART baud rate
        Time linkDelay{MilliSeconds(20)}; //!< one-way delay module node <-> server
        std::string linkRate{"1Mbps"};    //!< link data rate
        uint16_t echoPort{7};             //!< TCP echo server port (0: none)
        std::vector<std::pair<std::string, std::string>> dns; //!< extra name -> IPv4 entries
        std::string expectPath;                               //!< golden transcript ("" for none)
        Time tolerance{Seconds(0)};                           //!< allowed timestamp drift
    };

    /// Exit codes.
    enum ExitCode
    {
        SUCCESS = 0,         //!< the script ran and matched any golden transcript
        SCRIPT_FAILED = 1,   //!< a wait timed out
        EXPECT_MISMATCH = 2, //!< the transcript differs from the golden one
        BAD_INPUT = 3        //!< bad options, script or golden file
    };

    /**
     * \brief Check options and script; build the scenario; run; print the transcript.
     * \param options what to run
     * \param out where the transcript goes
     * \param err where errors go
     * \return an ExitCode
     */
    static int Run(const Options& options, std::ostream& out, std::ostream& err);

    /**
     * \brief Parse a `--dns` value: `name=a.b.c.d[,name=a.b.c.d...]`.
     * \param text the value
     * \param[out] entries the entries
     * \param[out] error what is wrong
     * \return false on a malformed value
     */
    static bool ParseDnsEntries(const std::string& text,
                                std::vector<std::pair<std::string, std::string>>& entries,
                                std::string& error);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_CONSOLE_H
