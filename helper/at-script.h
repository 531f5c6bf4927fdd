/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_SCRIPT_H
#define LPWA_AT_SCRIPT_H

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A host script for the AT console (`lpwa-at-console --script=<file>`).
 *
 * One step per line:
 * - a line not starting with `@` is a command line, sent followed by CR; the host then waits
 *   for its final result code, a `>` prompt or `CONNECT` (in online data mode lines are sent
 *   as data and not waited for);
 * - `@data <text>` sends bytes with C escapes (`\r \n \t \x1A \x1B \\`) and no CR;
 * - `@file <path>` sends a file's bytes (read when the script is parsed);
 * - `@wait <text> [timeout]` waits until a received line contains the text (default timeout
 *   60 s; a trailing number is always taken as the timeout);
 * - `@sleep <seconds>` lets simulated time pass;
 * - `@dtr high|low` sets the DTR line;
 * - `@# ...` is a comment.
 */
class AtScript
{
  public:
    /// What a step does.
    enum Kind
    {
        COMMAND, //!< a command line (CR appended)
        DATA,    //!< raw bytes (from @data or @file)
        WAIT,    //!< wait for a line containing text
        SLEEP,   //!< let time pass
        DTR      //!< set DTR
    };

    /// One step.
    struct Step
    {
        Kind kind;         //!< what it does
        std::string bytes; //!< bytes to send, or the text to wait for
        double seconds;    //!< WAIT timeout or SLEEP duration
        bool high;         //!< DTR level
        size_t line;       //!< line number in the script
    };

    /**
     * \brief Parse a script.
     * \param input the script text
     * \param baseDirectory where relative `@file` paths are looked up (after the working
     *        directory)
     * \param[out] error `line N: ...` on failure
     * \return true if every line is valid
     */
    bool Parse(std::istream& input, const std::string& baseDirectory, std::string& error);

    /// \brief \return the steps, in order
    const std::vector<Step>& GetSteps() const;

    /**
     * \brief Expand C escapes.
     * \param text text with `\r \n \t \\ \xNN`
     * \param[out] bytes the bytes
     * \param[out] error what is wrong
     * \return false on a malformed escape
     */
    static bool Unescape(const std::string& text, std::string& bytes, std::string& error);

    /// Default `@wait` timeout, in seconds.
    static constexpr double DEFAULT_WAIT_TIMEOUT = 60.0;

  private:
    std::vector<Step> m_steps; //!< parsed steps
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_SCRIPT_H
