// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Tells which version of the based contracts a deployment runs.
library Version {
    string internal constant NAME = "based";
    uint256 internal constant MAJOR = 0;
}
