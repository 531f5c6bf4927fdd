/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_LINE_READER_H
#define LPWA_AT_LINE_READER_H

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The host side's reading of a module's answers, one byte at a time: CR, LF or CR LF
 * end a line (empty lines are dropped), and a partial line that is exactly "> " is the data
 * prompt (V.250 / the vendor manuals' send commands); the prompt is taken out of the partial
 * line, so the next byte starts a new one.
 *
 * Used by every modelled host that parses the UART (HostFirmware, AtScriptRunner). It holds
 * no time and no policy: the caller decides what a line or a prompt means, and may read or
 * clear the partial line (e.g. a prompt that is not part of a line, or raw data announced in
 * the middle of one).
 */
class AtLineReader
{
  public:
    /// What a byte completed.
    enum Result
    {
        NOTHING,   //!< the byte joined the partial line, or ended an empty line
        LINE,      //!< a non-empty line ended: TakeLine() returns it
        PROMPT,    //!< the partial line is now "> "
        LINE_FEED, //!< the LF of a CR LF pair: it ended nothing more
    };

    /**
     * \brief Read one byte.
     * \param byte the byte from the module
     * \return what it completed
     */
    Result Add(uint8_t byte);

    /**
     * \brief Take the line that the last Add() completed.
     * \return the line, without CR / LF
     */
    std::string TakeLine();

    /**
     * \brief Get the line being assembled.
     * \return the bytes after the last line end
     */
    const std::string& GetPartialLine() const;

    /// \brief Forget the line being assembled (the bytes were not part of a line).
    void ClearPartialLine();

    /**
     * \brief Tell whether the last byte read was a CR (so that an LF now ends nothing).
     * \return true after a CR
     */
    bool IsAfterCr() const;

    /// \brief Forget the partial line and a pending CR: the next byte starts a new line.
    void Reset();

  private:
    std::string m_partial;  //!< the line being assembled
    std::string m_complete; //!< the line the last Add() ended
    bool m_afterCr{false};  //!< the last byte read was CR
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_LINE_READER_H
