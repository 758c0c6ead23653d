// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title RollupInbox
/// @notice Based rollups are registered here and their blocks are posted here, several
/// rollups in one shared batch per L1 transaction. Posting is permissionless; a rollup node
/// derives its chain from the RollupBlock events in L1 order. The slasher reads the batch
/// hash a committer posted in a slot to check L2 promises.
contract RollupInbox {
    /// @notice One rollup block inside a shared batch.
    struct BlockHeader {
        uint256 chainId; // the rollup
        bytes32 txRoot; // Merkle root over the block's tx hashes (sorted-pair keccak256)
        uint32 txCount;
        bytes32 parentHash; // the rollup's previous block as the poster saw it
    }

    struct Rollup {
        address admin;
        bytes config; // opaque rollup configuration, read by rollup nodes
        uint64 blocks; // rollup blocks posted so far
    }

    uint256 public immutable genesisTime;
    uint256 public immutable secondsPerSlot;

    mapping(uint256 chainId => Rollup) public rollups;
    /// @notice keccak256(abi.encode(headers)) of the batch a poster sent in an L1 slot.
    mapping(uint64 slot => mapping(address poster => bytes32)) public batchHash;

    event RollupRegistered(uint256 indexed chainId, address admin, bytes config);
    event BatchProposed(
        uint64 indexed slot, address indexed poster, bytes32 batchHash, bytes32 dataHash, uint256 blocks
    );
    event RollupBlock(
        uint256 indexed chainId,
        uint64 indexed number,
        uint64 slot,
        address poster,
        bytes32 txRoot,
        uint32 txCount,
        bytes32 parentHash,
        bytes32 dataHash
    );

    error RollupExists(uint256 chainId);
    error UnknownRollup(uint256 chainId);
    error EmptyBatch();
    error BatchExists(uint64 slot, address poster);
    error BeforeGenesis();

    constructor(uint256 genesisTime_, uint256 secondsPerSlot_) {
        genesisTime = genesisTime_;
        secondsPerSlot = secondsPerSlot_;
    }

    /// @notice Registers a rollup chain id with its configuration; the caller becomes its admin.
    function registerRollup(uint256 chainId, bytes calldata config) external {
        if (chainId == 0 || chainId == block.chainid || rollups[chainId].admin != address(0)) {
            revert RollupExists(chainId);
        }
        rollups[chainId] = Rollup({admin: msg.sender, config: config, blocks: 0});
        emit RollupRegistered(chainId, msg.sender, config);
    }

    /// @notice Reports whether chainId is a registered rollup.
    function isRollup(uint256 chainId) external view returns (bool) {
        return rollups[chainId].admin != address(0);
    }

    /// @notice The L1 slot of the current block.
    function currentSlot() public view returns (uint64) {
        if (block.timestamp < genesisTime) revert BeforeGenesis();
        return uint64((block.timestamp - genesisTime) / secondsPerSlot);
    }

    /// @notice Posts one shared batch: a block for each of several rollups. The data is the
    /// transactions' bytes, in blobs (their versioned hashes are committed) or in calldata.
    function proposeBatch(BlockHeader[] calldata headers, bytes calldata data) external {
        if (headers.length == 0) revert EmptyBatch();
        uint64 slot = currentSlot();
        if (batchHash[slot][msg.sender] != bytes32(0)) revert BatchExists(slot, msg.sender);
        bytes32 h = keccak256(abi.encode(headers));
        batchHash[slot][msg.sender] = h;

        bytes32 dataHash;
        if (blobhash(0) != bytes32(0)) {
            bytes32[] memory blobs = new bytes32[](6);
            uint256 n;
            while (n < 6 && blobhash(n) != bytes32(0)) {
                blobs[n] = blobhash(n);
                n++;
            }
            assembly {
                mstore(blobs, n)
            }
            dataHash = keccak256(abi.encodePacked(blobs));
        } else {
            dataHash = keccak256(data);
        }

        for (uint256 i = 0; i < headers.length; i++) {
            Rollup storage r = rollups[headers[i].chainId];
            if (r.admin == address(0)) revert UnknownRollup(headers[i].chainId);
            emit RollupBlock(
                headers[i].chainId,
                r.blocks++,
                slot,
                msg.sender,
                headers[i].txRoot,
                headers[i].txCount,
                headers[i].parentHash,
                dataHash
            );
        }
        emit BatchProposed(slot, msg.sender, h, dataHash, headers.length);
    }
}
