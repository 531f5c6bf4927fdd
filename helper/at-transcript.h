/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_TRANSCRIPT_H
#define LPWA_AT_TRANSCRIPT_H

#include "ns3/nstime.h"

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A timed record of the bytes crossing a UART, line by line: the AT console's output
 *        and the format of golden transcripts for timing regression checks.
 *
 * Each line reads `<seconds with 9 decimals> <direction> <text>`: direction `>` is host to
 * module, `<` module to host. A line ends at CR, LF or CR LF; empty lines (the framing of
 * responses) are dropped. Bytes outside printable ASCII, and the backslash, are written as
 * `\xNN`. A line's time is the arrival time of its last byte. A partial line (a `> ` prompt,
 * data without a terminator) is closed by Flush().
 */
class AtTranscript
{
  public:
    /// Direction of a line.
    enum Direction
    {
        HOST_TO_MODULE, //!< `>`
        MODULE_TO_HOST  //!< `<`
    };

    /// One line of a transcript.
    struct Line
    {
        Time time;           //!< arrival time of the line's last byte
        Direction direction; //!< direction
        std::string text;    //!< escaped text
    };

    /**
     * \brief Record one byte delivered at the current simulated time.
     * \param direction where it went
     * \param byte the byte
     */
    void AddByte(Direction direction, uint8_t byte);

    /**
     * \brief Record one data byte (a payload after a prompt or CONNECT), delivered now.
     *
     * Unlike AddByte(), CR and LF are data here: they are written as `\x0D` and `\x0A`, so a
     * stray line feed in a payload shows, and the line ends after each LF (for readable
     * uploads of text files).
     *
     * \param direction where it went
     * \param byte the byte
     */
    void AddDataByte(Direction direction, uint8_t byte);

    /**
     * \brief Close a partial line of one direction, if any.
     * \param direction the direction
     */
    void Flush(Direction direction);

    /// \brief \return the lines recorded so far, in time order
    const std::vector<Line>& GetLines() const;

    /**
     * \brief Format one line.
     * \param line the line
     * \return `<seconds> <direction> <text>`
     */
    static std::string Format(const Line& line);

    /**
     * \brief Format a time as seconds with 9 decimals.
     * \param time the time
     * \return e.g. `12.000260418`
     */
    static std::string FormatTime(Time time);

    /**
     * \brief Escape bytes as a transcript shows them.
     * \param bytes raw bytes
     * \return printable text
     */
    static std::string Escape(const std::string& bytes);

    /**
     * \brief Parse a transcript line.
     * \param text the line
     * \param[out] line the parsed line
     * \return false if the line is not in transcript format
     */
    static bool Parse(const std::string& text, Line& line);

    /**
     * \brief Compare lines with a golden transcript.
     * \param golden the stored transcript
     * \param tolerance how far timestamps may drift
     * \param[out] report both lines at the first difference
     * \return true if they match
     */
    bool Matches(std::istream& golden, Time tolerance, std::string& report) const;

  private:
    /// Bytes of a line not yet terminated.
    struct Partial
    {
        std::string text;    //!< escaped text so far
        Time last;           //!< arrival of the last byte
        bool afterCr{false}; //!< the previous byte was CR
    };

    void EndLine(Direction direction);

    Partial m_partial[2];      //!< per direction
    std::vector<Line> m_lines; //!< completed lines
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_TRANSCRIPT_H
