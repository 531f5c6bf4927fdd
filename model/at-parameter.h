/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_PARAMETER_H
#define LPWA_AT_PARAMETER_H

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief One parameter of an extended AT command, as typed (V.25ter 5.4.2).
 *
 * The parser keeps the lexical kind, so that a command can insist on the kind the manual asks
 * for: `AT+QSSLCFG="ciphersuite",0,0X0035` wants an unquoted hex number, and the quoted form
 * `"0X0035"` is an error, as on a real module.
 */
class AtParameter
{
  public:
    /// The lexical kind of a parameter.
    enum Kind
    {
        OMITTED, //!< nothing between two commas (or after the last comma)
        STRING,  //!< a double-quoted string constant
        NUMBER,  //!< a decimal numeric constant, optionally signed
        TOKEN    //!< any other unquoted text, e.g. `0X0035` or `nwscanmode`
    };

    /**
     * \brief Create a parameter.
     * \param kind the lexical kind
     * \param text the text, without quotes for strings
     */
    AtParameter(Kind kind, std::string text);

    /// \brief \return the lexical kind
    Kind GetKind() const;
    /// \brief \return the text as typed (without the quotes of a string)
    const std::string& GetText() const;
    /// \brief \return true if the parameter was left out
    bool IsOmitted() const;
    /// \brief \return true if the parameter is a quoted string
    bool IsString() const;

    /**
     * \brief Read a decimal integer within a range.
     * \param[out] value the value
     * \param min the smallest value accepted
     * \param max the largest value accepted
     * \return true if the parameter is an unquoted decimal number in [min, max]
     */
    bool GetInteger(int64_t& value, int64_t min, int64_t max) const;

    /**
     * \brief Read an unquoted hexadecimal number written `0X...` or `0x...`.
     * \param[out] value the value
     * \param max the largest value accepted
     * \return true if the parameter is an unquoted hex number of at most 8 digits, <= max
     */
    bool GetHex(uint32_t& value, uint32_t max) const;

  private:
    Kind m_kind;        //!< lexical kind
    std::string m_text; //!< text as typed
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_PARAMETER_H
