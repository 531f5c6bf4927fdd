/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_CONSOLE_COMMAND_LINE_H
#define LPWA_AT_CONSOLE_COMMAND_LINE_H

#include "at-console.h"

#include "ns3/command-line.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The command-line options that `lpwa-at-console` and `lpwa-modem-pty` share: random
 * seed and run, UART baud rate, the link to the server node, DNS entries, the servers and the
 * test PKI (`--seed` ... `--pki-seed`).
 *
 * AddOptions() declares them on an ns-3 CommandLine, with the defaults of the
 * AtConsole::Options given to the constructor; after CommandLine::Parse(), CheckRanges() and
 * Apply() check the values and copy them into those options. The options and this object must
 * outlive the parse.
 */
class AtConsoleCommandLine
{
  public:
    /**
     * \brief Bind to the options that the shared options fill.
     * \param options the options; their seed, run, baud rate and echo port are the defaults
     */
    explicit AtConsoleCommandLine(AtConsole::Options& options);

    /**
     * \brief Declare `--seed` ... `--pki-seed` on a command line, in that order.
     * \param cmd the command line
     * \param baudHelp the help text of `--baud`
     * \param pkiDirHelp the help text of `--pki-dir`
     */
    void AddOptions(CommandLine& cmd, const std::string& baudHelp, const std::string& pkiDirHelp);
    /**
     * \brief Declare `--rat`, `--ce` and `--mcl` (the module behind a modelled cell) on a
     *        command line.
     * \param cmd the command line
     */
    void AddRadioOptions(CommandLine& cmd);

    /**
     * \brief Check `--echo-port`, then that `--link-delay` and another option of the program
     * are >= 0.
     * \param otherName the other option, e.g. "--tolerance"
     * \param otherValue its value
     * \param[out] error what is wrong, naming the option
     * \return false if a value is out of range
     */
    bool CheckRanges(const std::string& otherName, double otherValue, std::string& error) const;

    /**
     * \brief Parse `--dns` into the options, and copy the seed, run number, baud rate, echo
     * port and link delay into them.
     * \param[out] error what is wrong with `--dns`
     * \return false on a malformed `--dns`
     */
    bool Apply(std::string& error);

  private:
    AtConsole::Options& m_options; //!< what the options fill
    std::string m_dns;             //!< --dns
    double m_linkDelayMs{20};      //!< --link-delay, ms
    uint64_t m_seed;               //!< --seed
    uint64_t m_run;                //!< --run
    uint32_t m_baud;               //!< --baud
    uint32_t m_echoPort;           //!< --echo-port (wider than a port, to check it)
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_CONSOLE_COMMAND_LINE_H
