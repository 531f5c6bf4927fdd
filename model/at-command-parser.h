/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_COMMAND_PARSER_H
#define LPWA_AT_COMMAND_PARSER_H

#include "at-command.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Splits the body of an AT command line into commands (V.25ter 5.2-5.4).
 *
 * The body is what follows the `AT` prefix, without the terminating S3 character. Rules:
 * - spaces outside string constants are ignored;
 * - basic commands may follow each other directly (`E0V1`) and take an optional number;
 *   `S<n>=<m>` and `S<n>?` access S-registers; `D` takes the rest of the line as dial string;
 * - an extended command (`+NAME`) ends at `;` or at the end of the line, and `;` may be followed
 *   by any command;
 * - parameters are separated by commas; a string constant runs between double quotes; an empty
 *   parameter is OMITTED; `[+-]digits` is a NUMBER; anything else is a TOKEN.
 *
 * Names are upper-cased; parameter text keeps its case.
 */
class AtCommandParser
{
  public:
    /**
     * \brief Parse a command line body.
     * \param body the line after `AT`, without the terminating character
     * \param[out] commands the commands, in order (cleared first)
     * \param[out] error a description of the first syntax error, if any
     * \return true if the whole body is well formed
     */
    static bool Parse(const std::string& body,
                      std::vector<AtCommand>& commands,
                      std::string& error);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_COMMAND_PARSER_H
