/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_COMMAND_H
#define LPWA_AT_COMMAND_H

#include "at-parameter.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief One command of an AT command line, as parsed (V.25ter 5.3, 3GPP TS 27.007 4.1).
 *
 * A command line `AT+QICSGP=1,1,"apn";E0` holds two commands. Basic commands are a letter or
 * `&` and a letter with an optional number (`E0`, `&D1`, `I`), or an S-register access
 * (`S3=13`, `S3?`). Extended commands start with `+` and come in the four forms of the manuals'
 * Table 4.
 */
class AtCommand
{
  public:
    /// The form of a command.
    enum Form
    {
        EXECUTE, //!< `AT+CMD` (or a basic command)
        READ,    //!< `AT+CMD?`
        TEST,    //!< `AT+CMD=?`
        WRITE    //!< `AT+CMD=<p1>[,<p2>...]`
    };

    AtCommand();

    /**
     * \brief Create a command.
     * \param name upper-case name: `+QSSLCFG`, `E`, `&D`, `S`
     * \param form the form
     * \param basic true for basic commands
     */
    AtCommand(std::string name, Form form, bool basic);

    /// \brief \return the upper-case name (`+QIACT`, `E`, `&F`, `S`)
    const std::string& GetName() const;
    /// \brief \return the form
    Form GetForm() const;
    /// \brief \return true for a basic (V.25ter) command
    bool IsBasic() const;

    /**
     * \brief The number after a basic command (`E1` gives 1), or the S-register number.
     * \return the number, or -1 when none was typed
     */
    int64_t GetBasicValue() const;
    /**
     * \brief Set the number after a basic command.
     * \param value the number, or -1 for none
     */
    void SetBasicValue(int64_t value);

    /// \brief \return the parameters of a WRITE form (or of `S<n>=<m>`)
    const std::vector<AtParameter>& GetParameters() const;
    /**
     * \brief Append a parameter.
     * \param parameter the parameter
     */
    void AddParameter(const AtParameter& parameter);
    /// \brief \return the number of parameters, omitted ones included
    size_t GetParameterCount() const;
    /**
     * \brief Get a parameter, or an omitted one past the end.
     * \param index zero-based index
     * \return the parameter
     */
    const AtParameter& GetParameter(size_t index) const;
    /**
     * \brief The forms `AT+X` and `AT+X=<n>` of a command with one optional integer.
     * \param value receives <n> (kept for the execute form)
     * \param min smallest <n>
     * \param max largest <n>
     * \return true for the execute form, or a write form with exactly one integer in range
     */
    bool GetOptionalInteger(int64_t& value, int64_t min, int64_t max) const;

    /// \brief \return the command's text as typed, for logs and traces
    const std::string& GetText() const;
    /**
     * \brief Set the command's text as typed.
     * \param text the text
     */
    void SetText(const std::string& text);

  private:
    std::string m_name;                    //!< upper-case name
    Form m_form{EXECUTE};                  //!< form
    bool m_basic{false};                   //!< basic command?
    int64_t m_basicValue{-1};              //!< number after a basic command
    std::vector<AtParameter> m_parameters; //!< parameters
    std::string m_text;                    //!< text as typed
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_COMMAND_H
